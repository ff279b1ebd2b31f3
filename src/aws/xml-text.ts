/* AWS's query and REST APIs (S3, IAM) answer in XML; the few fields read from it need no parser. */

/** The text of the first `<tag>…</tag>` in an XML document, entities decoded. */
export function xmlText(xml: string, tag: string, from = 0): string | undefined {
  const open = xml.indexOf(`<${tag}>`, from);
  if (open < 0) return undefined;
  const start = open + tag.length + 2;
  const end = xml.indexOf(`</${tag}>`, start);
  if (end < 0) return undefined;
  return decodeXml(xml.slice(start, end));
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) =>
    entity.startsWith('#x')
      ? String.fromCodePoint(parseInt(entity.slice(2), 16))
      : entity.startsWith('#')
        ? String.fromCodePoint(parseInt(entity.slice(1), 10))
        : XML_ENTITIES[entity]!,
  );
}
