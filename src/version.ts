declare const __ORIGIN_VERSION__: string | undefined;

/** Injected by the bundler from package.json; 'dev' when running from source (tests). */
export const VERSION: string = typeof __ORIGIN_VERSION__ === 'string' ? __ORIGIN_VERSION__ : 'dev';
