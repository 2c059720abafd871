namespace ZteDiag.Emulator.At;

/// <summary>One network an AT+COPS=? scan finds (27.007 §7.3).</summary>
/// <param name="Status">0 unknown, 1 available, 2 current, 3 forbidden.</param>
/// <param name="LongName">Long alphanumeric name, e.g. "MTS RUS".</param>
/// <param name="ShortName">Short alphanumeric name.</param>
/// <param name="Numeric">MCC and MNC, e.g. "25001".</param>
/// <param name="AccessTechnology">0 GSM, 2 UTRAN.</param>
public sealed record VisibleNetwork(int Status, string LongName, string ShortName, string Numeric, int AccessTechnology);

/// <summary>Outcome of AT+COPS=mode[,2,"MCCMNC"].</summary>
public enum NetworkSelection
{
    /// <summary>Done (registered, or deregistered for mode 2).</summary>
    Ok,

    /// <summary>No such network in range (<c>+CME ERROR: 30</c>, no network service).</summary>
    NoNetwork,

    /// <summary>The network refuses this SIM (<c>+CME ERROR: 32</c>, network not allowed).</summary>
    NotAllowed,
}
