import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The one form in which account names are compared: NFKC, then Unicode case
 * folding (upper- then lower-casing, which folds `ß` to `ss` and `ς` to `σ` as
 * full folding does), then NFKC again. `Alice`, `ALICE` and a full-width
 * `ａｌｉｃｅ` are all `alice`. Stores keep it as the unique key of a name,
 * lookups and the login rate limits' account counters use it, so that one name
 * is one account everywhere.
 */
export function accountNameKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;
const SCRIPTS = ['Latin', 'Cyrillic', 'Greek'] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((script) => new RegExp(`\\p{Script=${script}}`, 'u'));

/**
 * Why a new account name is refused, or null: one that looks like another name
 * but compares differently. Invisible characters (zero-width, bidirectional
 * controls), spaces at either end, and Latin mixed with Cyrillic or Greek (a
 * Cyrillic `а` in `аlice`) are refused; names in one script of any kind pass.
 */
export function accountNameProblem(name: string): string | null {
  if (INVISIBLE.test(name))
    return 'must not contain invisible characters (zero-width or bidirectional controls)';
  if (name !== name.trim()) return 'must not begin or end with a space';
  const scripts = SCRIPTS.filter((_, index) => SCRIPT_PATTERNS[index].test(name.normalize('NFKC')));
  if (scripts.length > 1) return `must not mix scripts (${scripts.join(' and ')})`;
  return null;
}

/** class-validator: an account name that cannot pass for another (see accountNameProblem). */
export function IsAccountName(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAccountName',
      validator: {
        // A blank name is the blank rule's to name (IsNotBlank): one message for it.
        validate: (value: unknown) =>
          typeof value !== 'string' || value.trim() === '' || accountNameProblem(value) === null,
        defaultMessage: (args) =>
          `${args?.property ?? 'name'} ${accountNameProblem(String(args?.value)) ?? 'is not a valid name'}`,
      },
    },
    options,
  );
}
