using ZteDiag.Device.Links;
using ZteDiag.Protocol.Hdlc;

namespace ZteDiag.Device.Diag;

/// <summary>
/// The send queue. Every request frame goes through one queue drained by one writer at a time; the
/// writer concatenates all frames queued so far (in queue order) into a single link write. A link
/// write costs a roughly fixed amount whatever its size (System.IO.Ports on Unix serves queued writes
/// from an I/O loop that polls with a 1 ms timeout), so a window of requests costs one write, not N.
/// Frames are never torn: once taken by the writer a frame is written whole, whatever the caller's
/// cancellation; a frame still waiting in the queue is withdrawn when its caller cancels.
/// </summary>
public sealed partial class DiagSession
{
    private readonly Lock _sendLock = new();
    private readonly Queue<OutgoingBatch> _sendQueue = new();
    private bool _writerActive;
    private bool _flushSent; // only touched by the active writer

    /// <summary>
    /// Queues <paramref name="requests"/> as consecutive frames and returns when they were written
    /// (possibly in one write with frames queued by others). Fails like the link write did, after
    /// breaking the session for link failures.
    /// </summary>
    private async Task SendBatchAsync(IReadOnlyList<PendingRequest> requests, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var batch = new OutgoingBatch(requests);
        bool write;
        lock (_sendLock)
        {
            _sendQueue.Enqueue(batch);
            write = !_writerActive;
            _writerActive = true;
        }

        if (write)
        {
            // This caller writes until its own frames are out, then hands any later ones to a pool thread.
            await DrainSendQueueAsync(batch).ConfigureAwait(false);
        }
        else if (cancellationToken.CanBeCanceled)
        {
            using CancellationTokenRegistration reg = cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var (session, queued) = ((DiagSession, OutgoingBatch))state!;
                    session.Withdraw(queued, token);
                },
                (this, batch));
            await batch.Done.Task.ConfigureAwait(false);
            return;
        }

        await batch.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Cancels <paramref name="batch"/> if the writer has not taken it yet.</summary>
    private void Withdraw(OutgoingBatch batch, CancellationToken token)
    {
        lock (_sendLock)
        {
            if (batch.Taken)
            {
                return; // never cancel mid-frame
            }

            batch.Withdrawn = true;
        }

        batch.Done.TrySetCanceled(token);
    }

    /// <summary>
    /// Writes queued batches until <paramref name="until"/> is written (null: until the queue is empty).
    /// If more remain after that, a pool thread carries on, so the writer role is never dropped with work queued.
    /// </summary>
    private async Task DrainSendQueueAsync(OutgoingBatch? until)
    {
        var taken = new List<OutgoingBatch>();
        while (true)
        {
            taken.Clear();
            lock (_sendLock)
            {
                if (until is not null && until.Done.Task.IsCompleted && _sendQueue.Count > 0)
                {
                    _ = Task.Run(() => DrainSendQueueAsync(null));
                    return;
                }

                while (_sendQueue.TryDequeue(out OutgoingBatch? b))
                {
                    if (!b.Withdrawn)
                    {
                        b.Taken = true;
                        taken.Add(b);
                    }
                }

                if (taken.Count == 0)
                {
                    _writerActive = false;
                    return;
                }
            }

            Exception? failure = await WriteFramesAsync(taken).ConfigureAwait(false);
            foreach (OutgoingBatch b in taken)
            {
                if (failure is null)
                {
                    b.Done.TrySetResult();
                }
                else
                {
                    b.Done.TrySetException(failure);
                }
            }
        }
    }

    /// <summary>Frames every payload of <paramref name="batches"/> into one buffer and writes it; returns the failure, if any.</summary>
    private async Task<Exception?> WriteFramesAsync(List<OutgoingBatch> batches)
    {
        try
        {
            ThrowIfUnusable();
            bool leading = _options.LeadingFlushFlag && !_flushSent;
            int length = 0, frames = 0;
            foreach (OutgoingBatch b in batches)
            {
                foreach (PendingRequest p in b.Requests)
                {
                    length += HdlcFramer.EncodedLength(p.Payload, leading && length == 0);
                }
            }

            byte[] buffer = new byte[length];
            int at = 0;
            long now = _options.TimeProvider.GetTimestamp();
            lock (_lock)
            {
                foreach (OutgoingBatch b in batches)
                {
                    foreach (PendingRequest p in b.Requests)
                    {
                        LogSent(p, now); // before the write: the reply may be read before the write returns
                    }
                }
            }

            foreach (OutgoingBatch b in batches)
            {
                foreach (PendingRequest p in b.Requests)
                {
                    Trace(FrameDirection.Out, p.Payload);
                    _probe.RememberSent(p.Payload);
                    at += HdlcFramer.Encode(p.Payload, buffer.AsSpan(at), leading && at == 0);
                    frames++;
                }
            }

            // Never cancel mid-frame: a torn frame would corrupt the next one too.
            await _link.WriteAsync(buffer.AsMemory(0, at), CancellationToken.None).ConfigureAwait(false);
            _flushSent = true;
            Interlocked.Add(ref _framesOut, frames);
            return null;
        }
        catch (ZteDiagException ex) when (ex is PortException or DiagLinkException && BreakReason is null)
        {
            return Break(ex);
        }
        catch (Exception ex) when (LinkIo.IsFailure(ex))
        {
            return Break(LinkIo.Failed($"writing to {Description}", ex));
        }
#pragma warning disable CA1031 // anything else goes to the callers whose frames were in this write
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    private sealed class OutgoingBatch(IReadOnlyList<PendingRequest> requests)
    {
        public IReadOnlyList<PendingRequest> Requests { get; } = requests;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Taken by the writer (guarded by _sendLock): no longer cancellable.</summary>
        public bool Taken { get; set; }

        /// <summary>Cancelled before the writer took it (guarded by _sendLock).</summary>
        public bool Withdrawn { get; set; }
    }
}
