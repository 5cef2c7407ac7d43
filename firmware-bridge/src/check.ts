import type { LoadedConfig } from './config';
import { createDriver } from './devices';
import { openSerial } from './serial/open';

export interface CheckResult {
  device: string;
  driver: string;
  port: string;
  machine: string;
  ok: boolean;
  detail: string;
}

/** `--check`: opens every configured port and reports which device answered. */
export async function checkDevices(cfg: LoadedConfig, timeoutMs = 6000, bindingFor?: (d: any) => unknown): Promise<CheckResult[]> {
  return Promise.all(
    cfg.devices.map(async (d) => {
      const base = { device: d.name, driver: d.driver, port: d.port, machine: d.machine };
      let wire;
      try {
        wire = (await openSerial({ path: d.port, baudRate: d.baudRate, binding: bindingFor?.(d) })).wire;
      } catch (e) {
        return { ...base, ok: false, detail: `cannot open: ${(e as Error).message}` };
      }
      const driver = createDriver(d);
      try {
        const identity = await new Promise<string>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
          driver.once('greeting', (id: string) => {
            clearTimeout(t);
            resolve(id);
          });
          wire.onData((c) => {
            try {
              driver.feed(c);
            } catch {
              /* noise */
            }
          });
          driver.attach((x) => wire.write(x));
        });
        return { ...base, ok: true, detail: identity };
      } catch (e) {
        return { ...base, ok: false, detail: (e as Error).message };
      } finally {
        driver.detach();
        await wire.close();
      }
    }),
  );
}
