// Test fixture: started like a sandbox child (same OS and Node layers) but WITHOUT iofold's Python
// restrictions, to show the process boundary holds even if the Python layer were broken.
// argv: <runtime dir> <listener port> <marker file> <parent pid> <js|python|os-system|ctypes>
//       <file to write> <token sent to the listener>
import { readFileSync } from 'node:fs';

const [runtimeDir, port, marker, parentPid, mode, writePath, token] = process.argv.slice(2);
// JavaScript that a Python probe turns into a function (needs code generation from strings).
const CONNECT = `return new Promise((resolve, reject) => {
  const s = process.getBuiltinModule('node:net').connect(port, '127.0.0.1', () => s.end(token + '\\n', () => resolve('connected')));
  s.on('error', (e) => reject(e));
  setTimeout(() => reject(new Error('no connection within 1 s')), 1000);
})`;
const results = {};
const attempt = async (name, fn) => {
  try {
    results[name] = { escaped: true, value: String(await fn()).slice(0, 200) };
  } catch (error) {
    results[name] = { escaped: false, error: describe(error).slice(-300) };
  }
};
// Emscripten's FS errors are plain objects with an errno, not Errors with a message.
const describe = (error) =>
  error?.name === 'ErrnoError' ? `FS errno ${error.errno}` : String(error?.message ?? error);
const send = (m) => new Promise((resolve) => process.send(m, resolve));
await send({ started: true });

if (mode === 'js') {
  const fs = await import('node:fs');
  await attempt('read host file', () => fs.readFileSync(marker, 'utf8'));
  await attempt('list host directory', () => fs.readdirSync('/').join(','));
  await attempt('write host file', () => fs.writeFileSync(writePath, token));
  await attempt('run a child process', async () =>
    (await import('node:child_process')).execSync('id').toString(),
  );
  await attempt('start a worker thread', async () => {
    const { Worker } = await import('node:worker_threads');
    return new Worker('setTimeout(()=>{}, 10)', { eval: true }).threadId;
  });
  await attempt('tcp connect to the host listener', async () => {
    const net = await import('node:net');
    return new Promise((resolve, reject) => {
      const s = net.connect(Number(port), '127.0.0.1', () => {
        s.end(`${token}\n`, () => resolve('connected'));
      });
      s.on('error', reject);
      setTimeout(() => reject(new Error('no connection within 1 s')), 1000);
    });
  });
  await attempt('fetch the host listener', () =>
    fetch(`http://127.0.0.1:${port}/${token}`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.status,
    ),
  );
  await attempt('fork bomb', async () => {
    const { spawn } = await import('node:child_process');
    const started = [];
    for (let i = 0; i < 20; i++) {
      started.push(spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1000)']).pid);
    }
    return started.join(',');
  });
  await attempt('signal the parent', () => process.kill(Number(parentPid), 'SIGCONT'));
  await attempt('read server secrets from env', () => {
    const leaked = Object.keys(process.env).filter((k) => !k.startsWith('NODE_CHANNEL'));
    if (leaked.length > 0) {
      return leaked.join(',');
    }
    throw new Error('environment is empty');
  });
  // biome-ignore lint/security/noGlobalEval: the probe checks that eval is disabled in the child
  await attempt('eval a string', () => globalThis.eval('1 + 1'));
  await attempt('Function constructor', () => new Function('return process')());
  await attempt('run as root', () => {
    if (process.getuid() === 65534) {
      throw new Error('uid is 65534 (nobody)');
    }
    return process.getuid();
  });
} else {
  const { loadPyodide } = await import(`${runtimeDir}/pyodide/pyodide.mjs`);
  const py = await loadPyodide({
    indexURL: `${runtimeDir}/pyodide/`,
    jsglobals: Object.create(null),
    _loadSnapshot: readFileSync(`${runtimeDir}/snapshot.bin`),
  });
  const python = (name, code) => attempt(name, () => py.runPythonAsync(code));
  if (mode === 'python') {
    const markerDir = marker.slice(0, marker.lastIndexOf('/'));
    const markerName = marker.slice(marker.lastIndexOf('/') + 1);
    const writeDir = writePath.slice(0, writePath.lastIndexOf('/'));
    await python(
      'pyodide_js.mountNodeFS',
      `import pyodide_js\npyodide_js.mountNodeFS('/h', '${markerDir}')\nopen('/h/${markerName}').read()`,
    );
    await attempt('NODEFS mount of /', () => {
      py.FS.mkdir('/h2');
      py.FS.mount(py.FS.filesystems.NODEFS, { root: '/' }, '/h2');
      return py.FS.readdir('/h2').join(',');
    });
    await python(
      'write a host file through a NODEFS mount',
      `import pyodide_js\npyodide_js.mountNodeFS('/w', '${writeDir}')\nopen('/w/${token}', 'w').write('${token}')`,
    );
    await python(
      'Function constructor from a JS proxy',
      `import pyodide_js\npyodide_js.runPython.constructor('return typeof process')()`,
    );
    await python(
      'TCP to the host listener through a JS function',
      `import pyodide_js\nconnect = pyodide_js.runPython.constructor('port', 'token', ${JSON.stringify(CONNECT)})\nawait connect(${port}, '${token}')`,
    );
    // Pyodide itself offers no path here (no sockets, no processes, no JS globals in the child):
    // these fail the same way without the layers, and stay to show it.
    await python('open host file from Python', `open('${marker}').read()`);
    await python('run_js', `from pyodide.code import run_js\nrun_js('1 + 1')`);
    await python(
      'socket to the host listener',
      `import socket\ns = socket.create_connection(('127.0.0.1', ${port}), timeout=1)\ns.sendall(b'${token}\\n')\ns.recv(10)`,
    );
    await python(
      'urllib to the host listener',
      `import urllib.request\nurllib.request.urlopen('http://127.0.0.1:${port}/', timeout=1).read()`,
    );
    await python(
      'pyfetch to the host listener',
      `from pyodide.http import pyfetch\nr = await pyfetch('http://127.0.0.1:${port}/')\nawait r.string()`,
    );
    await python('js.WebSocket', `import js\njs.WebSocket.new('ws://127.0.0.1:${port}/')`);
    await python(
      'subprocess',
      `import subprocess\nsubprocess.run(['id'], capture_output=True).stdout`,
    );
    await python('os.fork', `import os\nos.fork()`);
  } else if (mode === 'ctypes') {
    await python(
      'ctypes libc system',
      `import ctypes\nctypes.CDLL(None).system(b'id > ${writePath}')`,
    );
  } else if (mode === 'os-system') {
    await python('os.system', `import os\nos.system('id > ${writePath}')`);
  }
}
await send({ results });
process.exit(0);
