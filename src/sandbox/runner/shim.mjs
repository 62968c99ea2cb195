// Loaded with --import before the child: Pyodide's NODEFS init calls process.binding('constants'),
// which Node's permission model denies; answer that one name from the public constants.
import fs from 'node:fs';
import os from 'node:os';

const original = process.binding.bind(process);
process.binding = (name) =>
  name === 'constants' ? { fs: fs.constants, os: os.constants } : original(name);
