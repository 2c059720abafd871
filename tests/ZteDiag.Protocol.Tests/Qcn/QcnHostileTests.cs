using System.Text;
using ZteDiag.Protocol.Qcn;

namespace ZteDiag.Protocol.Tests.Qcn;

public sealed class QcnHostileTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "fixtures", "qcn", "thirdparty-backup-of-virtual-mf627.xqcn");

    private static QcnProblem? Read(string xml) => XqcnFile.TryRead(Encoding.Latin1.GetBytes(xml), out _);

    private static string Text => File.ReadAllText(Fixture, Encoding.Latin1);

    [Fact]
    public void Bad_hex_is_refused()
    {
        Assert.Equal(QcnError.BadHex, Read(Text.Replace("Value='02 00 00 00 00 00'", "Value='02 00 0G 00 00 00'", StringComparison.Ordinal))!.Error);
        Assert.Equal(QcnError.BadHex, Read(Text.Replace("Value='02 00 00 00 00 00'", "Value='020 00 00 00 00 0'", StringComparison.Ordinal))!.Error);
    }

    [Fact]
    public void A_length_that_lies_is_refused()
    {
        Assert.Equal(QcnError.LengthMismatch, Read(Text.Replace("Length='6' Name='File_Version'", "Length='7' Name='File_Version'", StringComparison.Ordinal))!.Error);
        Assert.Equal(QcnError.LengthMismatch, Read(Text.Replace("Length='6' Name='File_Version'", "Length='999999999' Name='File_Version'", StringComparison.Ordinal))!.Error);
    }

    [Fact]
    public void A_duplicate_item_is_refused()
    {
        // item 10's record renumbered to 0: NV 0 twice
        string dup = Text.Replace("88 00 01 00 0A 00 00 00 04", "88 00 01 00 00 00 00 00 04", StringComparison.Ordinal);
        QcnProblem p = Read(dup)!;
        Assert.Equal(QcnError.DuplicateItem, p.Error);
        Assert.Contains("NV item 0 appears twice", p.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_record_of_the_wrong_size_is_refused()
    {
        Assert.Equal(QcnError.WrongItemSize, Read(Text.Replace("88 00 01 00 0A 00", "80 00 01 00 0A 00", StringComparison.Ordinal))!.Error);
        string cut = Text.Replace("Length='1088' Name='NV_ITEM_ARRAY' Value='88 00", "Length='1087' Name='NV_ITEM_ARRAY' Value='00", StringComparison.Ordinal);
        cut = cut.Replace("88 00 01 00 00 00 00 00 05", "01 00 00 00 00 00 00 05", StringComparison.Ordinal);
        Assert.Equal(QcnError.WrongItemSize, Read(cut)!.Error);
    }

    [Fact]
    public void A_dtd_or_entity_expansion_is_refused()
    {
        const string Bomb = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]><Storage Name='&b;'/>";
        Assert.Equal(QcnError.BadXml, Read(Bomb)!.Error);
    }

    [Fact]
    public void Huge_or_deep_xml_is_refused_with_a_problem_not_an_exception()
    {
        Assert.Equal(QcnError.BadXml, XqcnFile.TryRead(new byte[XqcnFile.MaxBytes + 1], out _)!.Error);
        string deep = string.Concat(Enumerable.Repeat("<Storage Name='a'>", 40)) + string.Concat(Enumerable.Repeat("</Storage>", 40));
        Assert.Equal(QcnError.BadXml, Read(deep)!.Error);
        Assert.Equal(QcnError.BadXml, Read("<Storage Name='x'><Stream")!.Error);
        Assert.Equal(QcnError.NotQcnLayout, Read("<Storage Name='x'></Storage>")!.Error);
    }

    [Fact]
    public void A_qcn_compound_file_that_is_cut_is_refused()
    {
        Assert.Null(XqcnFile.TryRead(File.ReadAllBytes(Fixture), out QcnDocument? doc));
        byte[] qcn = QcnFile.Write(doc!);
        Assert.Equal(QcnError.BadCompoundFile, QcnFile.TryRead(qcn.AsSpan(0, 1000), out _)!.Error);
    }
}
