using ZteDiag.Device;

namespace ZteDiag.Workbench.Connection;

/// <summary>
/// Several sticks are plugged and a verb that writes was not told which one (<c>--device</c>): refused before any
/// port is opened, with the sticks listed. A caller's omission, so it exits like a usage error (2).
/// </summary>
public sealed class DeviceChoiceException : ZteDiagException
{
    /// <summary>Creates the refusal; <paramref name="message"/> lists the sticks.</summary>
    public DeviceChoiceException(string message)
        : base(message, FailureKind.Usage)
    {
    }
}
