namespace ZteDiag.Protocol.Qcn;

/// <summary>Why a QCN or XQCN file is refused.</summary>
public enum QcnError
{
    /// <summary>The compound file itself is broken (see the detail).</summary>
    BadCompoundFile,
    /// <summary>The XML is not well formed, too large, too deep, or holds a DTD.</summary>
    BadXml,
    /// <summary>A stream's Value is not hex bytes.</summary>
    BadHex,
    /// <summary>A stream's Length differs from its bytes.</summary>
    LengthMismatch,
    /// <summary>The storage tree lacks the QPST layout (no model/default storage).</summary>
    NotQcnLayout,
    /// <summary>An NV item record is not 136 bytes.</summary>
    WrongItemSize,
    /// <summary>An NV item or EFS item file appears twice.</summary>
    DuplicateItem,
    /// <summary>An entry name is not a valid compound-file name.</summary>
    BadName,
    /// <summary>An EFS item file entry is malformed (no path, or no data for its path).</summary>
    BadItemFile,
}

/// <summary>One clear reason a file was refused.</summary>
/// <param name="Error">The kind.</param>
/// <param name="Detail">One line for the technician.</param>
public sealed record QcnProblem(QcnError Error, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => Detail;
}
