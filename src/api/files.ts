/** Input files the actions read for the caller: JSON that names its option and says what to pass. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors/index.js';

/** The parsed JSON of `path`, or a usage error naming the option, the file and what to pass instead. */
export async function readJsonFile(path: string, flag: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${path}: ${(error as Error).message}`, hint);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} ${path} is not JSON: ${(error as Error).message}`, hint);
  }
}
