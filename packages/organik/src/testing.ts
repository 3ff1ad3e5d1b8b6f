/** Base URL the fake server answers on. */
export const FAKE_BASE_URL = 'https://fake.test';
