namespace ZteDiag.Cli;

/// <summary>y/N questions before dangerous operations: asked on a terminal, refused when stdin is piped.</summary>
internal static class Confirmation
{
    /// <summary>True when standard input is a terminal a person can answer on.</summary>
    public static bool CanAsk => !Console.IsInputRedirected;

    /// <summary>Asks <paramref name="question"/> on stderr; only "y"/"yes" counts as yes.</summary>
    public static bool Ask(string question, TextWriter prompt)
    {
        prompt.Write($"{question} [y/N] ");
        prompt.Flush();
        string? answer = Console.In.ReadLine();
        return answer?.Trim().ToUpperInvariant() is "Y" or "YES";
    }
}
