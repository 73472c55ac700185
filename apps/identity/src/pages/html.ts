/** Markup this app built itself; everything else interpolated into {@link markup} is escaped. */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/**
 * A template tag for pages: every interpolated value is escaped for HTML text and quoted
 * attributes, unless it is a {@link SafeHtml} (a fragment built with this tag) or an array of
 * them. `undefined`, `null` and `false` render as nothing, so `${cond && markup`...`}` works.
 * (Not named `html`: Prettier would reformat the markup of a template tagged so.)
 */
export function markup(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let text = strings[0];
  values.forEach((value, index) => {
    text += render(value) + strings[index + 1];
  });
  return new SafeHtml(text);
}

/** Markup produced by oidc-provider (its logout form), passed through as it is. */
export function trustedMarkup(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (character) => ESCAPES[character]);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}
