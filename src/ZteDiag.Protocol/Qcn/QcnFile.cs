using ZteDiag.Protocol.Cfb;

namespace ZteDiag.Protocol.Qcn;

/// <summary>QCN (compound file) bytes ↔ <see cref="QcnDocument"/>.</summary>
public static class QcnFile
{
    /// <summary>Reads a QCN; null on success.</summary>
    public static QcnProblem? TryRead(ReadOnlySpan<byte> bytes, out QcnDocument? document)
    {
        document = null;
        CfbError e = CfbReader.TryRead(bytes, out CfbStorage? tree);
        return e != CfbError.None
            ? new QcnProblem(QcnError.BadCompoundFile, $"not a readable QCN: {e.Describe()}")
            : QcnDocument.TryParse(tree!, out document);
    }

    /// <summary>Writes <paramref name="document"/> as a version 3 compound file.</summary>
    public static byte[] Write(QcnDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return CfbWriter.Write(document.Tree);
    }
}
