namespace ZteDiag.Device.At;

/// <summary>The SIM refused a PIN or PUK; the message says how many attempts are left and what to do next.</summary>
public sealed class SimCodeRejectedException(string message) : ZteDiagException(message, ExitDeviceRejected);
