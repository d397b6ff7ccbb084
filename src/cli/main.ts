#!/usr/bin/env node
/** The `orgward` executable. */
import './quiet-warnings.js';
import { main } from './program.js';

process.exitCode = await main(process.argv);
