using System.Text;
using ZteDiag.Emulator.Host;
using ZteDiag.Emulator.Profiles;
using ZteDiag.Emulator.State;
using ZteDiag.Protocol.Diag;

namespace ZteDiag.Emulator.Diag;

/// <summary>
/// The virtual modem's DIAG target over a <see cref="ModemState"/>: answers like a Qualcomm MSM62xx
/// (PROTOCOL.md §2–§3). Core commands live here, NV/SPC/PASSWORD in <c>ModemDiagResponder.Nv.cs</c>,
/// EFS2 in <c>ModemDiagResponder.Efs*.cs</c>. Unknown commands, unregistered subsystems and unknown EFS2
/// operations get BAD_CMD (0x13) with the first ≤16 request bytes echoed; a request of the wrong size
/// BAD_LEN (0x15); a malformed one (missing NUL) BAD_PARM (0x14). Thread-safe (one request at a time).
/// </summary>
/// <remarks>
/// Choices where a real target varies: LOG_CONFIG (0x73) and EXT_MSG_CONFIG (0x7D) answer as stock
/// diag does (<c>ModemDiagResponder.Logging.cs</c>) but stream nothing; with
/// <see cref="ModemDiagOptions.AcknowledgeLogConfig"/> false they answer BAD_CMD like a target built
/// without logging. CONTROL (0x29) echoes the request and changes nothing; an empty payload gets no answer.
/// </remarks>
public sealed partial class ModemDiagResponder : IDiagResponder
{
    private readonly Lock _gate = new();
    private readonly ModemDiagOptions _options;

    /// <summary>Creates the responder; applies the power-on security state (locked when a password is programmed).</summary>
    /// <param name="state">The modem state shared with the AT side.</param>
    /// <param name="options">Switches; null = defaults.</param>
    public ModemDiagResponder(ModemState state, ModemDiagOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        State = state;
        _options = options ?? new ModemDiagOptions();
        if (_options.SecurityPassword is { } hex)
        {
            _passwordOverride = Convert.FromHexString(hex);
            if (_passwordOverride.Length != PasswordRequest.PasswordLength)
            {
                throw new ArgumentException("The security password must be 16 hex digits (8 bytes).", nameof(options));
            }

            State.SecurityUnlocked = false;
        }
    }

    /// <summary>
    /// Raised (on the DIAG thread, after the PASSWORD reply was built) when a wrong security password was
    /// sent: Qualcomm's target powers the phone down. The host closes the ports in response.
    /// </summary>
    public event EventHandler? PoweredDown;

    /// <summary>The modem state.</summary>
    public ModemState State { get; }

    private ModemProfile Profile => State.Profile;

    /// <inheritdoc/>
    public byte[]? Respond(ReadOnlySpan<byte> request)
    {
        if (request.IsEmpty)
        {
            return null;
        }

        bool powerDown = false;
        byte[] reply;
        lock (_gate)
        {
            reply = Dispatch(request, ref powerDown);
        }

        if (powerDown)
        {
            PoweredDown?.Invoke(this, EventArgs.Empty);
        }

        return reply;
    }

    private byte[] Dispatch(ReadOnlySpan<byte> request, ref bool powerDown) => (DiagCommand)request[0] switch
    {
        DiagCommand.Verno => Verno(),
        DiagCommand.Esn => new EsnResponse(Profile.Esn).ToArray(),
        DiagCommand.DiagVersion => new DiagVersionResponse((ushort)Profile.DiagVersion).ToArray(),
        DiagCommand.ExtBuildId => ExtBuildId(request),
        DiagCommand.NvRead or DiagCommand.NvWrite => Nv(request),
        DiagCommand.Spc => Spc(request),
        DiagCommand.Password => Password(request, ref powerDown),
        DiagCommand.Control => Control(request),
        DiagCommand.LogConfig => LogConfig(request),
        DiagCommand.ExtMsgConfig => ExtMsgConfig(request),
        DiagCommand.SubsysCmd => Subsystem(request),
        DiagCommand.Timestamp => Timestamp(request),
        DiagCommand.FeatureQuery => FeatureQuery(request),
        DiagCommand.ProtocolLoopback => Loopback(request),
        _ => Error(DiagCommand.BadCommand, request),
    };

    /// <summary>An error reply: code + the first ≤16 request bytes.</summary>
    private static byte[] Error(DiagCommand code, ReadOnlySpan<byte> request) =>
        DiagErrorResponse.For(code, request).ToArray();

    /// <summary>The error reply a target sends for a request that failed to parse.</summary>
    private static byte[] ParseError(DiagStatus status, ReadOnlySpan<byte> request) => status switch
    {
        DiagStatus.Malformed => Error(DiagCommand.BadParameter, request),
        DiagStatus.WrongCommand => Error(DiagCommand.BadCommand, request),
        _ => Error(DiagCommand.BadLength, request), // Truncated, BadLength, Empty
    };

    private byte[] Verno()
    {
        VernoInfo v = Profile.Verno;
        return new VernoResponse(
            v.CompDate, v.CompTime, v.RelDate, v.RelTime, v.VerDir, (byte)v.Scm, (byte)v.MobCaiRev, (byte)v.MobModel,
            (ushort)v.MobFirmRev, (byte)v.SlotCycleIndex, (byte)v.HwMajVer, (byte)v.HwMinVer).ToArray();
    }

    private byte[] ExtBuildId(ReadOnlySpan<byte> request) => Profile.ExtBuildId is { } b
        ? new ExtBuildIdResponse((byte)b.MsmHwVersionFormat, 0, b.MsmHwVersion, b.MobileModelId, b.BuildId, b.ModelString).ToArray()
        : Error(DiagCommand.BadCommand, request);

    private static byte[] Control(ReadOnlySpan<byte> request)
    {
        DiagStatus s = ControlRequest.TryParse(request, out ControlRequest? req);
        return s == DiagStatus.Ok ? new ControlResponse(req!.Mode).ToArray() : ParseError(s, request);
    }

    private byte[] Subsystem(ReadOnlySpan<byte> request)
    {
        if (request.Length < SubsysHeader.Size)
        {
            return Error(request.Length >= 2 && !IsRegistered(request[1]) ? DiagCommand.BadCommand : DiagCommand.BadLength, request);
        }

        byte subsystem = request[1];
        if (subsystem == IndexedNvPacket.Subsystem)
        {
            return IndexedNv(request);
        }

        if (subsystem == CmSubsystem)
        {
            return CmStateInfo(request);
        }

        return IsEfsSubsystem(subsystem) ? Efs(request) : Error(DiagCommand.BadCommand, request);
    }

    private bool IsRegistered(byte subsystem) => subsystem is IndexedNvPacket.Subsystem or CmSubsystem || IsEfsSubsystem(subsystem);

    /// <summary>EFS2 answers on subsystem 19 always and on 62 only when the profile lists it.</summary>
    private bool IsEfsSubsystem(byte subsystem) =>
        subsystem == Protocol.Efs.EfsSubsystem.Standard || Profile.EfsSubsystems.Contains(subsystem);

    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
