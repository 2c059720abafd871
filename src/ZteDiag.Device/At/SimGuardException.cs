namespace ZteDiag.Device.At;

/// <summary>ZteDiag refused to try a code: the last attempt would block the PIN (or kill the SIM) and --force was not given.</summary>
public sealed class SimGuardException(string message) : ZteDiagException(message, ExitRefused);
