/**
 * Settings published centrally override the station's configuration file for the keys they name
 * (branding, session timing, default language, offline staff access); everything else (terminal,
 * devices, central, data folder) is local and can never be changed from central.
 */
import type { CentralSettings } from '../../shared/central-api.js';
import type { KioskConfig } from '../../kiosk-config/schema.js';

export function withCentralSettings(config: KioskConfig, s: CentralSettings | null): KioskConfig {
  if (!s) return config;
  return {
    ...config,
    branding: { ...config.branding, ...s.branding },
    session: { ...config.session, ...s.session },
    language: s.language ?? config.language,
    staff: { ...config.staff, ...s.staff },
  };
}
