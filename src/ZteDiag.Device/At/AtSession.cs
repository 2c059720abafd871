using System.Globalization;
using System.Text;
using ZteDiag.Device.Links;
using ZteDiag.Protocol.At;

namespace ZteDiag.Device.At;

/// <summary>An unsolicited result code (URC) line, e.g. <c>+ZUSIMR:2</c>.</summary>
public sealed class AtUnsolicitedEventArgs(string line) : EventArgs
{
    /// <summary>The line without its line ending.</summary>
    public string Line { get; } = line;
}

/// <summary>Settings of an <see cref="AtSession"/>.</summary>
public sealed record AtSessionOptions
{
    /// <summary>Time to wait for a final result when a call does not set one.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Time to wait for the SMS reply after Ctrl-Z (the network is slow).</summary>
    public TimeSpan SmsTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time to wait for <c>OK</c> to the <c>AT</c> sent after ESC when a command timed out (resynchronisation).</summary>
    public TimeSpan ResyncTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock for timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Helpers for <see cref="AtReply"/>.</summary>
public static class AtReplyExtensions
{
    /// <summary>Returns <paramref name="reply"/> when it ended in OK/CONNECT, else throws.</summary>
    /// <exception cref="AtCommandException">ERROR, +CME ERROR (described), +CMS ERROR, NO CARRIER…</exception>
    public static AtReply EnsureSuccess(this AtReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.IsSuccess ? reply : throw new AtCommandException(reply.Final.Describe(), reply.Command);
    }
}

/// <summary>
/// AT commands over a byte link (the same <see cref="SerialLink"/> / <see cref="TcpLink"/> as DIAG,
/// opened on the modem's AT port). One command at a time; URCs arriving at any moment, even in the
/// middle of a reply, are raised through <see cref="Unsolicited"/> and kept out of the reply.
/// Text is Latin-1 (one char per byte).
/// </summary>
public sealed class AtSession : IAsyncDisposable
{
    private const byte CtrlZ = 0x1A;
    private const byte Escape = 0x1B;

    private readonly IDiagLink _link;
    private readonly AtSessionOptions _options;
    private readonly AtLineParser _parser = new();
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly CancellationTokenSource _readerCts = new();
    private readonly Lock _lock = new();
    private readonly Task _reader;
    private TaskCompletionSource<AtReply>? _reply;
    private TaskCompletionSource? _prompt;
    private Exception? _broken;

    /// <summary>Starts reading <paramref name="link"/>; the session owns and disposes it.</summary>
    public AtSession(IDiagLink link, AtSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        _link = link;
        _options = options ?? new AtSessionOptions();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Raised (on the reader task) for each URC, e.g. <c>+ZUSIMR:2</c>, <c>+CMTI: "SM",5</c>.</summary>
    public event EventHandler<AtUnsolicitedEventArgs>? Unsolicited;

    /// <summary>Where the link goes, for messages.</summary>
    public string Description => _link.Description;

    /// <summary>
    /// Sends <paramref name="command"/> (CR appended) and collects the reply up to its final result.
    /// An error result is returned as is (check <see cref="AtReply.IsSuccess"/> or call
    /// <see cref="AtReplyExtensions.EnsureSuccess"/>) unless <paramref name="throwOnError"/>.
    /// Should the modem answer with the text prompt <c>&gt; </c> (AT+CMGS…), the input is cancelled
    /// with ESC so the port stays usable; use <see cref="SendWithPromptAsync"/> to answer it.
    /// </summary>
    /// <exception cref="DiagTimeoutException">No final result in time (the message suggests the wrong port);
    /// ESC and <c>AT</c> were sent first so the next command finds the port in command mode.</exception>
    /// <exception cref="AtCommandException">With <paramref name="throwOnError"/>: ERROR / +CME ERROR / +CMS ERROR.</exception>
    /// <exception cref="ArgumentException">The command contains CR, LF or Ctrl-Z.</exception>
    public async Task<AtReply> SendAsync(string command, TimeSpan? timeout = null, bool throwOnError = false, CancellationToken cancellationToken = default)
    {
        AtReply r = await SendWithPromptAsync(command, null, timeout, null, cancellationToken).ConfigureAwait(false);
        return throwOnError ? r.EnsureSuccess() : r;
    }

    /// <summary>
    /// Sends <paramref name="command"/>; when the modem answers with the text prompt <c>&gt; </c>, asks
    /// <paramref name="body"/> for the text (null, or a null answer: abort with ESC), sends it with
    /// Ctrl-Z and waits up to <paramref name="bodyTimeout"/> (default <see cref="AtSessionOptions.SmsTimeout"/>)
    /// for the final result. Line breaks in the text are sent as CR (a new <c>&gt; </c> line).
    /// </summary>
    /// <exception cref="DiagTimeoutException">No prompt/final result in time; ESC and <c>AT</c> were sent
    /// to bring the port back to command mode, and the message says whether it answered.</exception>
    /// <exception cref="ArgumentException">The command contains CR, LF or Ctrl-Z; the text contains Ctrl-Z or ESC.</exception>
    public async Task<AtReply> SendWithPromptAsync(
        string command, Func<CancellationToken, Task<string?>>? body, TimeSpan? timeout = null, TimeSpan? bodyTimeout = null, CancellationToken cancellationToken = default)
    {
        ValidateCommand(command);
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            (TaskCompletionSource<AtReply> reply, TaskCompletionSource? prompt) = Begin(command, withPrompt: true);
            try
            {
                await WriteAsync(Encoding.Latin1.GetBytes(command + "\r"), cancellationToken).ConfigureAwait(false);
                await WaitAsync(Task.WhenAny(prompt!.Task, reply.Task), command, timeout ?? _options.DefaultTimeout, cancellationToken).ConfigureAwait(false);
                if (reply.Task.IsCompleted)
                {
                    return await reply.Task.ConfigureAwait(false);
                }

                string? text = body is null ? null : await body(cancellationToken).ConfigureAwait(false);
                if (text is null)
                {
                    await WriteAsync(new[] { Escape }, cancellationToken).ConfigureAwait(false);
                    return await WaitAsync(reply.Task, command, timeout ?? _options.DefaultTimeout, cancellationToken).ConfigureAwait(false);
                }

                ValidateBody(text);
                byte[] bytes = Encoding.Latin1.GetBytes(text.ReplaceLineEndings("\r"));
                await WriteAsync((byte[])[.. bytes, CtrlZ], cancellationToken).ConfigureAwait(false);
                return await WaitAsync(reply.Task, command, bodyTimeout ?? _options.SmsTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (DiagTimeoutException ex)
            {
                throw await ResyncAfterTimeoutAsync(ex).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await TryResyncAsync().ConfigureAwait(false); // a cancelled prompt must not leave the modem waiting for text
                throw;
            }
        }
        finally
        {
            _commandLock.Release();
        }
    }

    /// <summary>ATI, parsed (manufacturer, model, revision, IMEI, capabilities).</summary>
    /// <exception cref="AtCommandException">ATI failed.</exception>
    /// <exception cref="DiagTimeoutException">No reply.</exception>
    public async Task<AtiInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        AtReply r = await SendAsync("ATI", null, true, cancellationToken).ConfigureAwait(false);
        return AtiInfo.TryParse(r, out AtiInfo? info) == AtParseStatus.Ok && info is not null
            ? info
            : new AtiInfo(null, null, null, null, []);
    }

    /// <summary>
    /// Sends a text-mode SMS: <c>AT+CMGF=1</c>, then <c>AT+CMGS="number"</c>, waits for the <c>&gt; </c>
    /// prompt, sends the body and Ctrl-Z, and waits for the final result. Returns the reply (with
    /// <c>+CMGS: mr</c>). On a missing prompt the input is cancelled with ESC.
    /// </summary>
    /// <exception cref="AtCommandException">The modem refused (e.g. +CMS ERROR: 330, SMSC unknown).</exception>
    /// <exception cref="DiagTimeoutException">No prompt or no final result.</exception>
    /// <exception cref="ArgumentException">The number is empty or has a quote; the text contains Ctrl-Z or ESC.</exception>
    public async Task<AtReply> SendSmsAsync(string number, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        ArgumentNullException.ThrowIfNull(text);
        if (number.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException("the number cannot contain a quote", nameof(number));
        }

        if (text.Contains((char)CtrlZ, StringComparison.Ordinal) || text.Contains((char)Escape, StringComparison.Ordinal))
        {
            throw new ArgumentException("the SMS text cannot contain Ctrl-Z or ESC", nameof(text));
        }

        await SendAsync("AT+CMGF=1", null, true, cancellationToken).ConfigureAwait(false);
        string command = string.Create(CultureInfo.InvariantCulture, $"AT+CMGS=\"{number}\"");
        AtReply r = await SendWithPromptAsync(command, _ => Task.FromResult<string?>(text), null, null, cancellationToken).ConfigureAwait(false);
        return r.EnsureSuccess();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Fail(new DiagLinkException($"the AT session on {Description} was closed"));
        await _readerCts.CancelAsync().ConfigureAwait(false);
        await _link.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _readerCts.Dispose();
        _commandLock.Dispose();
    }

    private static void ValidateCommand(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.AsSpan().IndexOfAny('\r', '\n', (char)CtrlZ) >= 0)
        {
            throw new ArgumentException("an AT command cannot contain CR, LF or Ctrl-Z", nameof(command));
        }
    }

    private static void ValidateBody(string text)
    {
        if (text.Contains((char)CtrlZ, StringComparison.Ordinal) || text.Contains((char)Escape, StringComparison.Ordinal))
        {
            throw new ArgumentException("the text cannot contain Ctrl-Z or ESC", nameof(text));
        }
    }

    /// <summary>After a timeout: ESC (ends a pending text prompt), then <c>AT</c> until <c>OK</c>; the returned timeout says how it went.</summary>
    private async Task<DiagTimeoutException> ResyncAfterTimeoutAsync(DiagTimeoutException timeout)
    {
        bool back = await TryResyncAsync().ConfigureAwait(false);
        string how = back
            ? " (sent ESC and AT: the port answers OK again)"
            : " (sent ESC and AT: still no answer)";
        return new DiagTimeoutException(timeout.Message + how, timeout.Timeout, timeout.Attempts);
    }

    /// <summary>ESC, then up to two <c>AT</c> → <c>OK</c> exchanges. Call with the command lock held.</summary>
    private async Task<bool> TryResyncAsync()
    {
        try
        {
            await WriteAsync(new[] { Escape }, CancellationToken.None).ConfigureAwait(false);
            for (int attempt = 0; attempt < 2; attempt++)
            {
                TaskCompletionSource<AtReply> reply = Begin("AT", withPrompt: false).Reply;
                await WriteAsync(Encoding.Latin1.GetBytes("AT\r"), CancellationToken.None).ConfigureAwait(false);
                try
                {
                    if ((await WaitAsync(reply.Task, "AT", _options.ResyncTimeout, CancellationToken.None).ConfigureAwait(false)).IsSuccess)
                    {
                        return true;
                    }
                }
                catch (DiagTimeoutException)
                {
                }
            }
        }
        catch (ZteDiagException)
        {
            // the link itself failed: the caller's timeout stays the report
        }

        return false;
    }

    private (TaskCompletionSource<AtReply> Reply, TaskCompletionSource? Prompt) Begin(string command, bool withPrompt)
    {
        lock (_lock)
        {
            if (_broken is not null)
            {
                throw _broken as ZteDiagException ?? new DiagLinkException($"the AT port {Description} failed", _broken);
            }

            _reply = new TaskCompletionSource<AtReply>(TaskCreationOptions.RunContinuationsAsynchronously);
            _prompt = withPrompt ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
            _parser.CommandSent(command);
            return (_reply, _prompt);
        }
    }

    private async Task<T> WaitAsync<T>(Task<T> task, string command, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await task.WaitAsync(timeout, _options.TimeProvider, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                _reply = null;
                _prompt = null;
                _parser.Reset();
            }

            throw new DiagTimeoutException(
                $"no reply to {command} on {Description} within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: "
                + "is this the AT port? (the DIAG port is silent to AT)",
                timeout,
                1);
        }
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        try
        {
            await _link.WriteAsync(bytes, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            DiagLinkException broken = LinkIo.Failed($"writing to {Description}", ex);
            Fail(broken);
            throw broken;
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1024];
        var events = new List<AtEvent>();
        try
        {
            while (true)
            {
                int n = await _link.ReadAsync(buffer, _readerCts.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    Fail(new DiagLinkException($"the AT port {Description} closed"));
                    return;
                }

                events.Clear();
                lock (_lock)
                {
                    _parser.Feed(buffer.AsSpan(0, n), events);
                }

                foreach (AtEvent e in events)
                {
                    Dispatch(e);
                }
            }
        }
        catch (OperationCanceledException) when (_readerCts.IsCancellationRequested)
        {
        }
        catch (ZteDiagException ex)
        {
            Fail(ex);
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            Fail(LinkIo.Failed($"reading {Description}", ex));
        }
    }

    private void Dispatch(AtEvent e)
    {
        switch (e.Kind)
        {
            case AtEventKind.Unsolicited:
                Unsolicited?.Invoke(this, new AtUnsolicitedEventArgs(e.Text));
                break;
            case AtEventKind.Final when e.Reply is not null:
                TaskCompletionSource<AtReply>? reply;
                lock (_lock)
                {
                    reply = _reply;
                    _reply = null;
                    _prompt = null;
                }

                reply?.TrySetResult(e.Reply);
                break;
            case AtEventKind.Prompt:
                TaskCompletionSource? prompt;
                lock (_lock)
                {
                    prompt = _prompt;
                    _prompt = null;
                }

                prompt?.TrySetResult();
                break;
            default:
                break;
        }
    }

    private void Fail(Exception reason)
    {
        TaskCompletionSource<AtReply>? reply;
        TaskCompletionSource? prompt;
        lock (_lock)
        {
            _broken ??= reason;
            reply = _reply;
            prompt = _prompt;
            _reply = null;
            _prompt = null;
        }

        reply?.TrySetException(reason);
        prompt?.TrySetException(reason);
    }
}
