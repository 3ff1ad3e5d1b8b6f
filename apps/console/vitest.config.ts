import { defineConfig } from 'vitest/config';
import { packageTest } from '../../tooling/package-config';

export default defineConfig(packageTest(import.meta.url));
