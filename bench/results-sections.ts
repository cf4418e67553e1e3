// bench/results.md is a run of sections, each between an opening and a closing marker, so that
// `npm run bench -- --only <name>` can replace one section's figures and keep the others'.

const marker = (name: string, end = false) => `<!-- bench:${end ? "/" : ""}${name} -->`;

/** results.md with one section replaced (or appended), the others kept as they were measured. */
export function withSection(document: string, name: string, body: string): string {
  const block = `${marker(name)}\n${body.trimEnd()}\n${marker(name, true)}`;
  const start = document.indexOf(marker(name));
  const end = document.indexOf(marker(name, true));
  if (start >= 0 && end > start) return document.slice(0, start) + block + document.slice(end + marker(name, true).length);
  return `${document.trimEnd()}\n\n${block}\n`;
}
