namespace ZteDiag.Device;

/// <summary>An AT command ended with ERROR, +CME ERROR or +CMS ERROR.</summary>
public sealed class AtCommandException : ZteDiagException
{
    /// <summary>Creates the exception from the final result line, e.g. "+CME ERROR: 10".</summary>
    public AtCommandException(string finalResult, string? command = null)
        : base(command is null ? $"the modem answered {finalResult}" : $"{command}: the modem answered {finalResult}", ExitDeviceRejected)
    {
        FinalResult = finalResult;
        Command = command;
    }

    /// <summary>The final result text as received.</summary>
    public string FinalResult { get; }

    /// <summary>The command that failed, when known.</summary>
    public string? Command { get; }
}
