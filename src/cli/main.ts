#!/usr/bin/env node
/** The `orgward` executable. */
import { main } from './program.js';

process.exitCode = await main(process.argv);
