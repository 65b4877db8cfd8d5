import './styles/fonts.css';
import './styles/base.css';
import { createApp } from 'vue';
import App from './App.vue';
import { createClient } from './api';
import { createKioskStore, kioskKey } from './composables/useKiosk';
import { lockDownPage } from './composables/privacy';
import { i18n } from './i18n';

// The client first: it takes the launch token out of the address bar before any history entry is made.
const client = createClient();
lockDownPage();
createApp(App).use(i18n).provide(kioskKey, createKioskStore(client)).mount('#app');
