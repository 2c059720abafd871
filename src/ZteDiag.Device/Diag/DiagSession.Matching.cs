using System.Buffers;
using ZteDiag.Protocol.Diag;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Device.Diag;

/// <summary>Pending requests, single requests with timeout/retry, and dispatch of received frames.</summary>
public sealed partial class DiagSession
{
    private readonly List<PendingRequest> _pending = [];
    private readonly HdlcDeframer _deframer = new();

    /// <summary>
    /// Sends <paramref name="requestPayload"/> (an unframed DIAG packet) and returns the matching reply payload.
    /// </summary>
    /// <exception cref="DiagRejectedException">The modem answered with a DIAG error reply echoing this request.</exception>
    /// <exception cref="DiagTimeoutException">No matching reply in time (after retries, if the request is safe to retry).</exception>
    /// <exception cref="PortException">The port vanished, or it answered AT text or sent our requests back (<see cref="PortErrorKind.NotDiag"/>).</exception>
    /// <exception cref="DiagLinkException">The link failed or the session is broken.</exception>
    public async Task<byte[]> RequestAsync(ReadOnlyMemory<byte> requestPayload, DiagRequestOptions? options, CancellationToken cancellationToken)
    {
        if (requestPayload.IsEmpty)
        {
            throw new ArgumentException("a DIAG request needs at least the command byte", nameof(requestPayload));
        }

        ThrowIfUnusable();
        PendingRequest p = Register(requestPayload, options ?? DiagRequestOptions.Default);
        try
        {
            p.Attempts++;
            await SendAsync(p.Payload, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                try
                {
                    byte[] reply = await p.Completion.Task.WaitAsync(p.Timeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                    await ProbeIfEchoAsync(p.Payload, reply, cancellationToken).ConfigureAwait(false);
                    return reply;
                }
                catch (TimeoutException)
                {
                    await OnAttemptTimedOutAsync(p, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            Unregister(p);
        }
    }

    /// <summary>Sends a request with default options.</summary>
    public Task<byte[]> RequestAsync(ReadOnlyMemory<byte> requestPayload, CancellationToken cancellationToken) =>
        RequestAsync(requestPayload, null, cancellationToken);

    /// <summary>
    /// After a timed-out attempt: throws NotDiag if the port answered text or only sent our own frames back, a timeout if no retry is
    /// allowed; otherwise counts a retry and re-sends the request. Returns without re-sending when
    /// the reply raced in, so the caller's next wait returns it.
    /// </summary>
    private async Task OnAttemptTimedOutAsync(PendingRequest p, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _timeouts);
        if (p.Completion.Task.IsCompleted)
        {
            return; // raced with the reply; the caller's next wait returns it
        }

        if ((TextInsteadOfDiag() ?? EchoesOnly()) is { } notDiag)
        {
            throw Break(notDiag);
        }

        if (!p.Options.SafeToRetry || p.Attempts > p.MaxRetries)
        {
            string tries = p.Attempts == 1 ? "" : $" ({p.Attempts} attempts)";
            throw new DiagTimeoutException(
                $"{p.Name}: no reply from {Description} within {p.Timeout.TotalSeconds:0.###} s{tries}", p.Timeout, p.Attempts);
        }

        Interlocked.Increment(ref _retries);
        p.Attempts++;
        await SendAsync(p.Payload, cancellationToken).ConfigureAwait(false);
    }

    private PendingRequest Register(ReadOnlyMemory<byte> payload, DiagRequestOptions options)
    {
        var p = new PendingRequest(
            payload.ToArray(),
            options,
            options.Matcher ?? DiagMatchers.Default,
            options.Timeout ?? _options.DefaultTimeout,
            options.MaxRetries ?? _options.DefaultMaxRetries,
            options.Name ?? DescribeRequest(payload.Span));
        lock (_lock)
        {
            if (_state != SessionState.Open)
            {
                ThrowIfUnusable();
            }

            _pending.Add(p);
        }

        return p;
    }

    private void Unregister(PendingRequest p)
    {
        lock (_lock)
        {
            _pending.Remove(p);
        }
    }

    private void OnBytes(ReadOnlySpan<byte> chunk)
    {
        if (SniffText(chunk) is { } notDiag)
        {
            Break(notDiag);
            return;
        }

        while (!chunk.IsEmpty)
        {
            OperationStatus status = _deframer.Read(chunk, out int consumed);
            chunk = chunk[consumed..];
            if (status == OperationStatus.Done)
            {
                Interlocked.Increment(ref _framesIn);
                Dispatch(_deframer.Payload.ToArray());
            }
            else if (status == OperationStatus.InvalidData)
            {
                Interlocked.Increment(ref _badFrames);
            }
        }
    }

    private void Dispatch(byte[] frame)
    {
        Trace(TraceDirection.In, frame);
        if (frame.Length == 0)
        {
            return;
        }

        if (CheckEcho(frame) is { } echoing)
        {
            Break(echoing);
            return;
        }

        PendingRequest? target = null;
        Exception? error = null;
        lock (_lock)
        {
            foreach (PendingRequest p in _pending)
            {
                if (!p.Completion.Task.IsCompleted && p.Matcher(p.Payload, frame))
                {
                    target = p;
                    break;
                }
            }

            if (target is null && DiagReply.IsErrorCode(frame[0]))
            {
                ReadOnlySpan<byte> echo = frame.AsSpan(1);
                int open = 0;
                PendingRequest? only = null;
                foreach (PendingRequest p in _pending)
                {
                    if (p.Completion.Task.IsCompleted)
                    {
                        continue;
                    }

                    open++;
                    only = p;
                    if (!echo.IsEmpty && p.Payload.AsSpan().StartsWith(echo))
                    {
                        target = p;
                        break;
                    }
                }

                target ??= echo.IsEmpty && open == 1 ? only : null;
                if (target is not null)
                {
                    error = new DiagRejectedException((DiagStatus)frame[0], target.Name, echo.ToArray());
                }
            }

            if (target is not null)
            {
                _pending.Remove(target);
            }
        }

        if (target is null)
        {
            Interlocked.Increment(ref IsUnsolicited(frame[0]) ? ref _unsolicited : ref _unmatched);
        }
        else if (error is not null)
        {
            target.Completion.TrySetException(error);
        }
        else
        {
            target.Completion.TrySetResult(frame);
        }
    }

    /// <summary>Log (0x10), messages (0x1F, 0x79, 0x7E) and events (0x60) arrive without being asked for.</summary>
    private static bool IsUnsolicited(byte code) => code is
        (byte)DiagCommand.Log or (byte)DiagCommand.Msg or (byte)DiagCommand.ExtMsg
        or (byte)DiagCommand.ExtMsgTerse or (byte)DiagCommand.EventReport;

    private static string DescribeRequest(ReadOnlySpan<byte> payload)
    {
        byte code = payload[0];
        if (code is (byte)DiagCommand.SubsysCmd or (byte)DiagCommand.SubsysCmdV2 && payload.Length >= SubsysHeader.Size)
        {
            return $"DIAG subsystem {payload[1]} command {payload[2] | (payload[3] << 8)}";
        }

        return Enum.IsDefined((DiagCommand)code) ? $"DIAG {(DiagCommand)code}" : $"DIAG command 0x{code:X2}";
    }

    private sealed class PendingRequest(
        byte[] payload, DiagRequestOptions options, DiagResponseMatcher matcher, TimeSpan timeout, int maxRetries, string name)
    {
        public byte[] Payload { get; } = payload;

        public DiagRequestOptions Options { get; } = options;

        public DiagResponseMatcher Matcher { get; } = matcher;

        public TimeSpan Timeout { get; } = timeout;

        public int MaxRetries { get; } = maxRetries;

        public string Name { get; } = name;

        public int Attempts { get; set; }

        public TaskCompletionSource<byte[]> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
