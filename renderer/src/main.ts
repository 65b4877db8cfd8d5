import { createApp } from 'vue';
import App from './App.vue';
import { createClient } from './api';
import { createKioskStore, kioskKey } from './composables/useKiosk';
import { i18n } from './i18n';

// Kiosk hygiene: no context menu, no drag-out of images or text.
window.addEventListener('contextmenu', (e) => e.preventDefault());
window.addEventListener('dragstart', (e) => e.preventDefault());

const store = createKioskStore(createClient());
createApp(App).use(i18n).provide(kioskKey, store).mount('#app');
