/**
 * The built-in policy profiles are data (data/profiles/*.json), not code: they are read, checked with
 * the same schema as a package's profile.json, and upserted into policy_profiles by every migration run.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PolicyProfile, profileSchema } from '../model/index.js';

export const BUILT_IN_PROFILES_DIR = fileURLToPath(new URL('../../data/profiles/', import.meta.url));

/** Every data/profiles/*.json, sorted by file name; throws naming the file and field of a bad profile. */
export async function readBuiltInProfiles(dir: string = BUILT_IN_PROFILES_DIR): Promise<PolicyProfile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  const profiles: PolicyProfile[] = [];
  for (const name of names) {
    const parsed = profileSchema.safeParse(JSON.parse(await readFile(path.join(dir, name), 'utf8')));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
      throw new Error(`built-in profile ${name} is invalid: ${problems}`);
    }
    profiles.push(parsed.data);
  }
  return profiles;
}
