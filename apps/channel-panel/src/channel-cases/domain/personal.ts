import type { Protected } from '@lib/personal-data';

/**
 * A personal value as the panel's events hold it: a `PersonalDataCipher` envelope sealed under the
 * key of the case's **subject** (the person referred), whoever the value is about, so erasing the
 * person erases it everywhere (crypto-shredding). `T` names what is inside once revealed; it exists
 * only for readers of the type. The decider never opens one: it copies envelopes field by field.
 */
export type Personal<T> = Protected & { readonly __plain?: T };

/** What a personal value becomes once revealed: the value, or the erased marker. */
export type Revealed<T> = T | { readonly $erased: true; readonly subjectId: string };
