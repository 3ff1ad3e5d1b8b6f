#!/usr/bin/env node
import { runHashPasswordCommand, runService } from '@x/app-service-kit';
import { provider as bulutfon } from '@x/bulutfon';
import { provider as sandbox } from '@x/messaging-core/sandbox';
import { provider as organik } from '@x/organik';
import { wooCommercePlatform } from './woocommerce-platform';

// The providers a shop can name by id ("provider": "organik"); a package or a module named by the configuration
// is loaded and checked the same way.
// `hash-password <user>` prints an ADMIN_USERS entry for the password read from standard input.
if (process.argv[2] === 'hash-password')
  process.exitCode = await runHashPasswordCommand(process.argv.slice(3));
else await runService(wooCommercePlatform(), { builtInProviders: [sandbox, organik, bulutfon] });
