namespace ZteDiag.Emulator.At;

/// <summary>What the network answers to a USSD request, as the modem puts it in <c>+CUSD: m,"str",dcs</c>.</summary>
/// <param name="Status">0 done, 1 the network waits for a reply (a menu), 2 ended by the network, 4 not supported.</param>
/// <param name="Text">The string as the firmware sends it: plain text, or hex of packed GSM 7-bit / UCS2.</param>
/// <param name="Dcs">Data coding scheme (15 GSM 7-bit, 72 UCS2).</param>
public sealed record UssdNetworkAnswer(int Status, string Text, int Dcs);
