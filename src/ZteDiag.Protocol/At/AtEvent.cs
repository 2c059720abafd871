namespace ZteDiag.Protocol.At;

/// <summary>What kind of thing <see cref="AtLineParser"/> saw.</summary>
public enum AtEventKind
{
    /// <summary>The modem echoed the command just sent (echo on, <c>ATE1</c>).</summary>
    Echo,
    /// <summary>An information line belonging to the command in flight.</summary>
    Information,
    /// <summary>A final result; <see cref="AtEvent.Final"/> and <see cref="AtEvent.Reply"/> are set.</summary>
    Final,
    /// <summary>An unsolicited result code (URC), or any line while no command is in flight.</summary>
    Unsolicited,
    /// <summary>The SMS text prompt <c>&gt; </c> (no newline follows): send the body, then Ctrl-Z.</summary>
    Prompt,
    /// <summary>A line longer than the limit; <see cref="AtEvent.Text"/> holds its first part, the rest was dropped up to the next newline.</summary>
    Overlong,
}

/// <summary>One event from <see cref="AtLineParser"/>.</summary>
/// <param name="Kind">What was seen.</param>
/// <param name="Text">The line without its line ending (Latin-1, one char per byte).</param>
/// <param name="Final">The typed final result when <paramref name="Kind"/> is <see cref="AtEventKind.Final"/>.</param>
/// <param name="Reply">The assembled reply when <paramref name="Kind"/> is <see cref="AtEventKind.Final"/>.</param>
public sealed record AtEvent(AtEventKind Kind, string Text, AtFinalResult? Final = null, AtReply? Reply = null)
{
    /// <summary>Short form for logs: <c>Unsolicited "+ZUSIMR:2"</c>.</summary>
    public override string ToString() => $"{Kind} \"{Text}\"";
}
