namespace ZteDiag.Protocol.Diag;

/// <summary>
/// PASSWORD (0x46) request: <c>46</c> + 8 raw (binary) bytes, 9 bytes. PROTOCOL.md §2.6.
/// A wrong password may power the modem down: send it only after a BAD_SEC_MODE reply.
/// <see cref="ToString"/> masks the password.
/// </summary>
public sealed record PasswordRequest : IDiagPacket
{
    /// <summary>Bytes in a security password.</summary>
    public const int PasswordLength = 8;

    /// <summary>Encoded size.</summary>
    public const int Length = 1 /* 46 */ + PasswordLength /* password */;

    private readonly byte[] password;

    /// <summary>Builds a request from exactly eight raw bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="password"/> is not eight bytes.</exception>
    public PasswordRequest(ReadOnlySpan<byte> password)
    {
        if (password.Length != PasswordLength)
        {
            throw new ArgumentException($"the security password is {PasswordLength} bytes, got {password.Length}", nameof(password));
        }

        this.password = password.ToArray();
    }

    /// <summary>The eight raw password bytes.</summary>
    public ReadOnlyMemory<byte> Password => password;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Password;
        password.CopyTo(destination[1..]);
        return Length;
    }

    /// <summary>Parses a request.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out PasswordRequest? value)
    {
        DiagStatus s = Wire.CheckRequest(src, DiagCommand.Password, Length);
        value = s == DiagStatus.Ok ? new PasswordRequest(src.Slice(1, PasswordLength)) : null;
        return s;
    }

    /// <summary>Compares password bytes.</summary>
    public bool Equals(PasswordRequest? other) => other is not null && password.AsSpan().SequenceEqual(other.password);

    /// <inheritdoc/>
    public override int GetHashCode() => password.Length;

    /// <summary>Never shows the password.</summary>
    public override string ToString() => "PasswordRequest { Password = ******** }";
}

/// <summary>PASSWORD (0x46) response: <c>46</c> + u8 password_ok, 2 bytes.</summary>
/// <param name="Accepted">True when the target accepted the password; any non-zero byte parses as accepted.</param>
public sealed record PasswordResponse(bool Accepted) : IDiagPacket
{
    /// <summary>Encoded size.</summary>
    public const int Length = 1 /* 46 */ + 1 /* password_ok */;

    /// <inheritdoc/>
    public int Size => Length;

    /// <inheritdoc/>
    public int WriteTo(Span<byte> destination)
    {
        this.EnsureRoom(destination);
        destination[0] = (byte)DiagCommand.Password;
        destination[1] = Accepted ? (byte)1 : (byte)0;
        return Length;
    }

    /// <summary>Parses a response.</summary>
    public static DiagStatus TryParse(ReadOnlySpan<byte> src, out PasswordResponse? value)
    {
        value = null;
        DiagStatus s = DiagReply.Check(src, DiagCommand.Password, Length);
        if (s != DiagStatus.Ok)
        {
            return s;
        }

        value = new PasswordResponse(src[1] != 0);
        return DiagStatus.Ok;
    }
}
