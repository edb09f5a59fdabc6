// Types of scripts/local-pacs.mjs for the TypeScript e2e tests.

export interface LocalPacs {
  /** The DICOMweb base URL (nginx). */
  url: string;
  /** Orthanc's own REST origin, behind nginx. */
  orthancOrigin: string;
  user: string;
  password: string;
  rest(path: string, init?: RequestInit): Promise<Response>;
  accessLog(): string;
  stopOrthanc(): Promise<void>;
  startOrthanc(): Promise<void>;
  stop(): Promise<void>;
}

export function startPacs(options?: { port?: number; appOrigin?: string; user?: string; password?: string; lua?: string }): Promise<LocalPacs>;
export function nginxSite(values: { listen: string; pacs: string; appOrigin: string }): string;
export function orthancConfig(values: { storage: string; httpPort: number; user: string; password: string; lua?: string[] }): string;
