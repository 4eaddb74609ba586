/** Meta fields hold lists joined with this separator (Pagefind meta values are plain strings). */
export const LIST_SEPARATOR = ' | ';
export const splitList = (value: string | undefined): string[] =>
  value
    ? value
        .split(LIST_SEPARATOR)
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
