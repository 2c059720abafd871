using System.Text;

namespace ZteDiag.Protocol.Diag;

/// <summary>
/// SPC (0x41) request: <c>41</c> + 6 ASCII digits, 7 bytes. PROTOCOL.md §2.6.
/// Build with <see cref="Create"/>; <see cref="ToString"/> masks the code.
/// </summary>
public sealed record SpcRequest : IDiagPacket
{
    /// <summary>Digits in a service programming code.</summary>
    public const int CodeLength = 6;

    /// <summary>Encoded size.</summary>
    public const int Length = 1 /* 41 */ + CodeLength /* sec_code */;

    private SpcRequest(string code) => Code = code;

    /// <summary>The six-digit code.</summary>
    public string Code { get; }

    /// <inheritdoc/>
    public int Size => Length;

    /// <summary>True when <paramref name="code"/> is exactly six ASCII digits.</summary>
    public static bool IsValidCode(string? code) => code is { Length: CodeLength } && code.All(char.IsAsciiDigit);

    /// <summary>Builds a request for a six-digit code such as "000000".</summary>
    /// <exception cref="ArgumentException"><paramref name="code"/> is not six ASCII digits.</exception>
    public static SpcRequest Create(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!IsValidCode(code))
        {
            throw new ArgumentException("the service programming code is six digits 0-9", nameof(code));
        }

        return new SpcRequest(code);
    }

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Spc;
        Encoding.ASCII.GetBytes(Code, destination[1..]);
        return Length;
    }

    /// <summary>Parses a request; a code that is not six ASCII digits is <see cref="DiagStatus.Malformed"/>.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out SpcRequest? value)
    {
        value = null;
        DiagStatus s = Wire.CheckRequest(src, DiagCommand.Spc, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        ReadOnlySpan<byte> code = src.Slice(1, CodeLength);
        if (code.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return DiagStatus.Malformed;
        }

        value = new SpcRequest(Encoding.ASCII.GetString(code));
        return DiagStatus.Ok;
    }

    /// <summary>Compares codes.</summary>
    public bool Equals(SpcRequest? other) => other is not null && string.Equals(Code, other.Code, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Code);

    /// <summary>Never shows the code.</summary>
    public override string ToString() => "SpcRequest { Code = ****** }";
}

/// <summary>SPC (0x41) response: <c>41</c> + u8 sec_code_ok, 2 bytes.</summary>
/// <param name="Accepted">True when the target accepted the code (byte 1); any non-zero byte parses as accepted.</param>
public sealed record SpcResponse(bool Accepted) : IDiagPacket
{
    /// <summary>Encoded size.</summary>
    public const int Length = 1 /* 41 */ + 1 /* sec_code_ok */;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Spc;
        destination[1] = Accepted ? (byte)1 : (byte)0;
        return Length;
    }

    /// <summary>Parses a response.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out SpcResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.Spc, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new SpcResponse(src[1] != 0);
        return DiagStatus.Ok;
    }
}
