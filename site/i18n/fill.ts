/** Fills `{name}` placeholders of a catalogue template; alone so islands can use it without the catalogues. */
export const fill = (template: string, params: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
