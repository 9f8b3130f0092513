/**
 * User-agent strings of the platforms, written from the forms the vendors
 * document (developer guides) and integrators post in player issue trackers.
 * Each entry also lists the runtime globals that platform defines.
 */
export const USER_AGENTS: { platform: string; ua: string; globals?: string[]; version?: string }[] = [
  { platform: 'tizen', ua: 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36', globals: ['tizen'], version: '6.0' },
  { platform: 'tizen', ua: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 2.4.0) AppleWebkit/538.1 (KHTML, like Gecko) SamsungBrowser/1.1 TV Safari/538.1', version: '2.4.0' },
  { platform: 'webos', ua: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager', globals: ['webOS'] },
  { platform: 'webos', ua: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/538.2 (KHTML, like Gecko) Large Screen WebAppManager Safari/538.2' },
  { platform: 'vidaa', ua: 'Mozilla/5.0 (Linux; Andr0id 9; Hisense; VIDAA) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/72.0.3626.105 Safari/537.36 Hbbtv/1.4.1' },
  { platform: 'vizio', ua: 'Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/61.0.3163.100 Safari/537.36 CrKey/1.0.999999 VIZIO SmartCast' },
  { platform: 'xbox', ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36 Edg/91.0.864.64' },
  { platform: 'playstation5', ua: 'Mozilla/5.0 (PlayStation 5 4.03) AppleWebKit/605.1.15 (KHTML, like Gecko)', version: '4.03' },
  { platform: 'playstation4', ua: 'Mozilla/5.0 (PlayStation 4 8.52) AppleWebKit/605.1.15 (KHTML, like Gecko)', version: '8.52' },
  { platform: 'chromecast', ua: 'Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0.4430.225 Safari/537.36 CrKey/1.56.500000 DeviceType/Chromecast', globals: ['cast'] },
  { platform: 'chromecast', ua: 'Mozilla/5.0 (Linux; Android 12.0; Build/STTL.240206.002) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 CrKey/1.56.500000 DeviceType/AndroidTV' },
  { platform: 'firetv', ua: 'Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7233; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/70.0.3538.110 Mobile Safari/537.36' },
  { platform: 'hbbtv', ua: 'Mozilla/5.0 (Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.0 Safari/537.36 HbbTV/1.5.1 (+DRM; Vestel; MB130; 3.10.23.0; _TV_G31_2020;)', globals: ['oipfObjectFactory'], version: '1.5.1' },
  { platform: 'webkit-stb', ua: 'Mozilla/5.0 (Linux; x86_64 GNU/Linux) AppleWebKit/601.1 (KHTML, like Gecko) Version/8.0 Safari/601.1 WPE' },
  { platform: 'chromium-tv', ua: 'Mozilla/5.0 (Linux; SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36 SMART-TV' },
  { platform: 'desktop', ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' },
  { platform: 'desktop', ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15' },
];
