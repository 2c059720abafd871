using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>What a console line is.</summary>
public enum AtConsoleLineKind
{
    /// <summary>An information line of the reply.</summary>
    Reply,

    /// <summary>The final result when it is a success (OK, CONNECT).</summary>
    Final,

    /// <summary>An error result or a failure (timeout), described.</summary>
    Error,

    /// <summary>A URC the command was known to produce (its late answer, e.g. <c>+CUSD:</c>).</summary>
    Urc,

    /// <summary>An explanation from the console itself.</summary>
    Note,
}

/// <summary>One line a console prints, already masked.</summary>
public sealed record AtConsoleLine(string Text, AtConsoleLineKind Kind);

/// <summary>A follow-up the console proposes, e.g. switch to SMS text mode and list again.</summary>
/// <param name="Text">What it does and why, for the user.</param>
/// <param name="Commands">The commands to send, in order.</param>
public sealed record AtOffer(string Text, IReadOnlyList<string> Commands);

/// <summary>The outcome of one console command.</summary>
/// <param name="Command">As sent.</param>
/// <param name="Reply">The reply, or null when there was none (timeout).</param>
/// <param name="Lines">What to print, in order, masked.</param>
/// <param name="Offer">A follow-up to propose, or null.</param>
public sealed record AtConsoleResult(string Command, AtReply? Reply, IReadOnlyList<AtConsoleLine> Lines, AtOffer? Offer)
{
    /// <summary>True when the command ended in OK/CONNECT (and its awaited URC, if any, came or was not needed).</summary>
    public bool IsSuccess => Reply?.IsSuccess == true;
}
