using System.Text;

namespace ZteDiag.Protocol.At;

/// <summary>The modem's complete answer to one command: information lines and the final result.</summary>
/// <param name="Command">The command as sent (without the trailing CR), or empty when unknown.</param>
/// <param name="Lines">Information lines in order, echo and URCs excluded.</param>
/// <param name="Final">The final result that closed the reply.</param>
public sealed record AtReply(string Command, IReadOnlyList<string> Lines, AtFinalResult Final)
{
    /// <summary>True when the final result is <c>OK</c> or <c>CONNECT</c>.</summary>
    public bool IsSuccess => Final.IsSuccess;

    /// <summary>The first information line that starts with <paramref name="prefix"/> + ':' (e.g. <c>+CSQ</c>), as its body.</summary>
    public string? FindBody(string prefix)
    {
        foreach (string line in Lines)
        {
            if (AtFields.TryGetBody(line, prefix, out string body))
            {
                return body;
            }
        }

        return null;
    }

    /// <summary>
    /// Runs <paramref name="text"/> (a capture of what the modem sent after <paramref name="command"/>)
    /// through an <see cref="AtLineParser"/> and returns the first complete reply, or null when no final
    /// result is in the text. Unsolicited lines are skipped. Handy for tests and fixtures.
    /// </summary>
    public static AtReply? FromText(string command, string text)
    {
        var parser = new AtLineParser();
        parser.CommandSent(command);
        foreach (var ev in parser.Feed(text.AsSpan()))
        {
            if (ev.Reply is not null)
            {
                return ev.Reply;
            }
        }

        return null;
    }

    /// <summary>The reply as the modem would send it with echo off (<c>\r\nline\r\n…\r\nOK\r\n</c>).</summary>
    public string ToWireText()
    {
        var sb = new StringBuilder();
        foreach (string line in Lines)
        {
            sb.Append("\r\n").Append(line).Append("\r\n");
        }

        sb.Append("\r\n").Append(Final).Append("\r\n");
        return sb.ToString();
    }
}
