import { ValidationError } from '@x/messaging-core';
import { AdminActionError } from './admin-error';
import type { TemplateSettings, TemplateVersion } from './admin-store';
import { type EngineContext, errorField, shopOf } from './engine-context';
import type { NotificationConfig, ShopConfig } from './notification-config';
import { statusLabel } from './template';
import {
  applySettings,
  diffSettings,
  overriddenPaths,
  type SettingsChange,
  settingsOf,
} from './template-settings';

/** A shop's templates as the console edits them. */
export interface ShopTemplates {
  /** The effective settings: the file's, overlaid by the latest saved version. */
  settings: TemplateSettings;
  /** The file's settings. */
  baseline: TemplateSettings;
  /** Where the effective settings differ from the file's (`adminPhones`, `rules.status.completed`...). */
  overridden: string[];
  /** The latest saved version (0: none; the file's settings apply). Give it back as `baseVersion`. */
  version: number;
  /** Every status the shop has a rule or a label for, with its label. */
  statuses: { slug: string; label: string }[];
}

/** One saved version in the history list. */
export interface TemplateVersionSummary {
  /** Its number. */
  version: number;
  /** Who saved it. */
  user: string;
  /** When. */
  at: Date;
  /** What it changed, in a few words (`2 changes: rules.status.completed.customerTemplate, transliterate`). */
  summary: string;
}

/** One saved version with what it changed from the one before (the file's settings, for version 1). */
export interface TemplateVersionDetail extends TemplateVersion {
  /** The changes from the version before. */
  diff: SettingsChange[];
}

/** A save of template settings. */
export interface SaveTemplatesInput {
  /** The full settings. */
  settings: TemplateSettings;
  /** The `version` the settings were edited from; a later save in between is a `version_conflict`. */
  baseVersion: number;
  /** Who saves. */
  user: string;
}

/** The console's template settings, per shop. */
export interface TemplateOverrides {
  /** The shop's effective, baseline and overridden settings (read fresh from the store). */
  get(shopId: string): Promise<ShopTemplates>;
  /**
   * Validates and saves the settings as a new version; the engine uses them from the next accepted event on.
   * @throws {@link ConfigError} for invalid settings (an unknown variable's issue has `variable` and `index`),
   *   {@link AdminActionError} `version_conflict` when another version was saved since `baseVersion`
   */
  save(shopId: string, input: SaveTemplatesInput): Promise<{ version: number }>;
  /** The shop's saved versions, newest first. */
  versions(shopId: string): Promise<TemplateVersionSummary[]>;
  /** One saved version with its diff; undefined when it does not exist. */
  version(shopId: string, version: number): Promise<TemplateVersionDetail | undefined>;
  /**
   * Saves a new version equal to an earlier one.
   * @throws {@link AdminActionError} `not_found` or `version_conflict`
   */
  restore(
    shopId: string,
    version: number,
    input: Omit<SaveTemplatesInput, 'settings'>,
  ): Promise<{ version: number }>;
}

function summarize(changes: readonly SettingsChange[]): string {
  if (changes.length === 0) return 'no change';
  const paths = changes.slice(0, 3).map((change) => change.path);
  const more = changes.length > 3 ? `, +${changes.length - 3}` : '';
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${paths.join(', ')}${more}`;
}

/**
 * Keeps the engine's configuration equal to the file's overlaid by the latest saved version of each shop. A
 * save on this engine applies at once; versions saved by other engines sharing the store are found by a check
 * of the latest version numbers (one small query on the primary key), made in the background every `refreshMs`.
 * The state is the engine's: this object lives in it.
 */
export class TemplateState implements TemplateOverrides {
  readonly #context: EngineContext;
  readonly #baseline: NotificationConfig;
  readonly #refreshMs: number;
  /** The version applied per shop (absent: the file's settings). */
  readonly #applied = new Map<string, number>();
  #checking: Promise<void> | undefined;
  #loading: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  /**
   * @param context - the engine's shared parts; its `config` is replaced as versions apply
   * @param refreshMs - how often other engines' saves are looked for
   */
  constructor(context: EngineContext, refreshMs: number) {
    this.#context = context;
    this.#baseline = context.config;
    this.#refreshMs = Math.max(10, refreshMs);
  }

  /**
   * Loads the saved versions, then looks for new ones every `refreshMs` in the background (an unreferenced
   * timer: it never holds the process open).
   */
  start(): void {
    this.#loading = this.#check().finally(() => {
      this.#loading = undefined;
    });
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.#check().finally(() => this.#schedule());
    }, this.#refreshMs);
    this.#timer.unref?.();
  }

  /** The first load while it runs (an accept waits for it, so it never uses settings a restart forgot), else undefined. */
  ready(): Promise<void> | undefined {
    return this.#loading;
  }

  /** Stops the checks and waits for one in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#checking;
  }

  /** Looks for saved versions now. Never throws. */
  #check(): Promise<void> {
    this.#checking ??= this.#load()
      .catch((error) => {
        this.#context.logger.warn?.(
          { error: errorField(error) },
          'could not check the saved template versions',
        );
      })
      .finally(() => {
        this.#checking = undefined;
      });
    return this.#checking;
  }

  async #load(): Promise<void> {
    const latest = await this.#context.store.admin.latestTemplateVersions();
    for (const shopId of Object.keys(this.#baseline.shops)) {
      const version = latest.get(shopId);
      if (version === this.#applied.get(shopId)) continue;
      const saved =
        version === undefined
          ? undefined
          : await this.#context.store.admin.getTemplateVersion(shopId, version);
      this.#apply(shopId, saved);
    }
  }

  #apply(shopId: string, saved: TemplateVersion | undefined): void {
    const baseline = this.#baseline.shops[shopId]!;
    let shop: ShopConfig = baseline;
    if (saved !== undefined) {
      try {
        shop = applySettings(shopId, baseline, saved.settings);
      } catch (error) {
        // A version saved against another file (its statuses or phones refused now): the file's settings apply.
        this.#context.logger.error?.(
          { shopId, version: saved.version, error: errorField(error) },
          'a saved template version no longer validates; the file settings apply',
        );
      }
    }
    if (saved === undefined || (this.#applied.get(shopId) ?? 0) < saved.version) {
      this.#context.config = { shops: { ...this.#context.config.shops, [shopId]: shop } };
      if (saved === undefined) this.#applied.delete(shopId);
      else this.#applied.set(shopId, saved.version);
    }
  }

  async get(shopId: string): Promise<ShopTemplates> {
    const baselineShop = shopOf(this.#baseline, shopId);
    await this.#check();
    const shop = shopOf(this.#context.config, shopId);
    const settings = settingsOf(shop);
    const baseline = settingsOf(baselineShop);
    const slugs = new Set([...Object.keys(shop.rules.status), ...Object.keys(shop.statusLabels)]);
    return {
      settings,
      baseline,
      overridden: overriddenPaths(baseline, settings),
      version: this.#applied.get(shopId) ?? 0,
      statuses: [...slugs].map((slug) => ({ slug, label: statusLabel(slug, shop.statusLabels) })),
    };
  }

  async #settingsAt(shopId: string, version: number): Promise<TemplateSettings | undefined> {
    if (version === 0) return settingsOf(shopOf(this.#baseline, shopId));
    return (await this.#context.store.admin.getTemplateVersion(shopId, version))?.settings;
  }

  async save(shopId: string, input: SaveTemplatesInput): Promise<{ version: number }> {
    const baseline = shopOf(this.#baseline, shopId);
    if (!Number.isSafeInteger(input.baseVersion) || input.baseVersion < 0) {
      const message = 'baseVersion must be the version the settings were edited from';
      throw new ValidationError({
        message,
        issues: [{ path: ['baseVersion'], message }],
        target: 'templates',
      });
    }
    const shop = applySettings(shopId, baseline, input.settings);
    const settings = settingsOf(shop);
    const before = await this.#settingsAt(shopId, input.baseVersion);
    const at = this.#context.now();
    const changes = before === undefined ? [] : diffSettings(before, settings);
    const version = await this.#context.store.admin.saveTemplateVersion({
      shopId,
      baseVersion: input.baseVersion,
      user: input.user,
      at,
      settings,
      audit: {
        at,
        user: input.user,
        action: 'templates.save',
        shopId,
        target: shopId,
        details: { version: input.baseVersion + 1, changes: changes.map((change) => change.path) },
      },
    });
    if (version === undefined) {
      throw new AdminActionError({
        code: 'version_conflict',
        message:
          'The templates were saved by someone else meanwhile; reload them and apply the changes again',
      });
    }
    this.#apply(shopId, { shopId, version, user: input.user, at, settings });
    return { version };
  }

  async versions(shopId: string): Promise<TemplateVersionSummary[]> {
    const baseline = settingsOf(shopOf(this.#baseline, shopId));
    const versions = await this.#context.store.admin.listTemplateVersions(shopId);
    return versions.map((version, index) => ({
      version: version.version,
      user: version.user,
      at: version.at,
      summary: summarize(diffSettings(versions[index + 1]?.settings ?? baseline, version.settings)),
    }));
  }

  async version(shopId: string, version: number): Promise<TemplateVersionDetail | undefined> {
    shopOf(this.#baseline, shopId);
    const saved = await this.#context.store.admin.getTemplateVersion(shopId, version);
    if (saved === undefined) return undefined;
    const before =
      (await this.#settingsAt(shopId, version - 1)) ?? settingsOf(shopOf(this.#baseline, shopId));
    return { ...saved, diff: diffSettings(before, saved.settings) };
  }

  async restore(shopId: string, version: number, input: Omit<SaveTemplatesInput, 'settings'>) {
    shopOf(this.#baseline, shopId);
    const saved = await this.#context.store.admin.getTemplateVersion(shopId, version);
    if (saved === undefined) {
      throw new AdminActionError({ code: 'not_found', message: `No version ${version} of these templates` });
    }
    return this.save(shopId, { ...input, settings: saved.settings });
  }
}
