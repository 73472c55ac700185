import type { Protected } from '@lib/personal-data';

/**
 * A personal value as events hold it: a `PersonalDataCipher` envelope sealed under the key of
 * the **subject** (the person referred), whoever the value is about. Destroying that person's
 * key erases it everywhere (crypto-shredding, ADR 005); the codes, dates and decisions beside it
 * stay readable. `T` names what is inside once revealed; it exists only for readers of the type.
 */
export type Personal<T> = Protected & { readonly __plain?: T };

/** What a personal value becomes once revealed: the value, or the erased marker. */
export type Revealed<T> = T | { readonly $erased: true; readonly subjectId: string };
