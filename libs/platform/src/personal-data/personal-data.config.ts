import { Configuration, setting } from '../config/config-schema.js';

/** The shared key store's schema: one per deployment, like a KMS (ADR 032). */
export const PERSONAL_DATA_SCHEMA = 'personal_data';

/** Where the embedded mode keeps a generated key-encryption key, under `PREVENT_DATA_DIR`. */
export const GENERATED_KEK_FILE = 'keys/personal-data.kek';

/**
 * The key-encryption key that wraps every subject's data key. `PERSONAL_DATA_KEK` is 32 bytes in
 * base64, from the deployment's secret store; when unset (the embedded mode), one is generated on
 * first start into `<PREVENT_DATA_DIR>/keys/personal-data.kek` (mode 0600) and reused after.
 */
export class PersonalDataConfig extends Configuration(
  'personalData',
  {
    keyEncryptionKey: setting.string('PERSONAL_DATA_KEK').optional(),
    dataDir: setting.string('PREVENT_DATA_DIR').default('.data'),
  },
  (values) =>
    values.keyEncryptionKey !== undefined && !isKek(values.keyEncryptionKey)
      ? { variable: 'PERSONAL_DATA_KEK', problem: 'must be 32 bytes in base64' }
      : undefined,
) {}

function isKek(raw: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(raw) && Buffer.from(raw, 'base64').length === 32;
}
