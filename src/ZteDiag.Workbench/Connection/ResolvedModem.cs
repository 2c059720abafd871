using ZteDiag.Device.Discovery;

namespace ZteDiag.Workbench.Connection;

/// <summary>One stick and its ports, all from that same stick (or all named explicitly).</summary>
/// <param name="Name">Stable name (<see cref="ModemNames"/>), or the explicit port when no discovery was made.</param>
/// <param name="Modem">The discovered stick; null when the ports were given with --port / --tcp.</param>
/// <param name="DiagPath">Its DIAG port; null when it has none (storage mode, or only --at-port was given).</param>
/// <param name="AtPath">Its AT port (secondary AT, else the modem port); null when none is known.</param>
public sealed record ResolvedModem(string Name, DiscoveredModem? Modem, string? DiagPath, string? AtPath);
