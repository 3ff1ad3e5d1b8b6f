#!/usr/bin/env node
import { runService } from '@x/app-service-kit';
import { wooCommercePlatform } from './woocommerce-platform';

await runService(wooCommercePlatform());
