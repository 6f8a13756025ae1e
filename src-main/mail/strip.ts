// What a person wrote in an email reply, without the quoted history and the signature: the
// text up to the first quote header ("On … wrote:", "-----Original Message-----", Outlook's
// "From:/Sent:" block or underscore rule, our own "-- " footer), without ">" quoted lines and
// without the signature after "-- " or a "Sent from my …" line. The whole email is kept in
// `inbound_mail.raw`.
const CUT = [
  /^\s*On\s.{1,300}\swrote:\s*$/i, // Gmail, Apple Mail, Thunderbird (English)
  /^\s*Am\s.{1,300}\sschrieb\s.{0,200}:\s*$/i, // German clients
  /^\s*Le\s.{1,300}\sa écrit\s*:\s*$/i, // French clients
  /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/, // Outlook's rule above the quoted headers
  /^\s*From:\s.+$/i, // a quoted header block (Outlook without the rule)
  /^-- $/, // a signature (and our footer)
  /^\s*Sent from my \w+/i,
  /^\s*Get Outlook for /i,
];

export function stripReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // "On Tue, … <someone@example.edu>" may wrap onto the next line before "wrote:".
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]}` : line;
    if (CUT.some((re) => re.test(line)) || (/^\s*On\s/i.test(line) && /\swrote:\s*$/i.test(joined))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
