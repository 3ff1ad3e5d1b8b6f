#!/usr/bin/env node
import { runService } from '@x/app-service-kit';
import { openCartPlatform } from './opencart-platform';

await runService(openCartPlatform());
