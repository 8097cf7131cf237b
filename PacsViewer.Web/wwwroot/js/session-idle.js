// Idle log-off, the browser's part: reports the user's activity (pointer, keys, wheel, touch) to the server, at most
// once per interval (a report due inside the interval is sent at its end), so the session's idle clock restarts and
// the sign-in cookie slides. The server decides when the session is idle (IdleLogoff.razor); after each report it is
// told at once, so its "Still there?" warning can go away. No inline script: this module is imported by the component.

const activityEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'];

class ActivityReporter {
    constructor(dotnet, url, intervalMs) {
        this.dotnet = dotnet;
        this.url = url;
        this.intervalMs = intervalMs;
        this.lastSent = 0;
        this.timer = null;
        this.sending = false;
        this.onActivity = () => this.activity();
        for (const type of activityEvents) {
            window.addEventListener(type, this.onActivity, { capture: true, passive: true });
        }
        // Loading the page was activity: report it, so the cookie and the server's idle clock start together.
        this.send();
    }

    activity() {
        if (this.timer !== null) return;
        const due = this.lastSent + this.intervalMs - Date.now();
        if (due <= 0 && !this.sending) {
            this.send();
        } else {
            this.timer = setTimeout(() => { this.timer = null; this.send(); }, Math.max(due, 0));
        }
    }

    async send() {
        this.sending = true;
        this.lastSent = Date.now();
        try {
            const response = await fetch(this.url, {
                method: 'POST',
                credentials: 'same-origin',
                headers: { 'X-PacsViewer-Activity': '1' },
            });
            if (response.ok) {
                await this.dotnet.invokeMethodAsync('OnActivityReported');
            } else if (response.status === 401) {
                await this.dotnet.invokeMethodAsync('OnSessionRefused');
            }
        } catch {
            // The server is unreachable or the circuit is gone: the next activity tries again.
        } finally {
            this.sending = false;
        }
    }

    dispose() {
        for (const type of activityEvents) {
            window.removeEventListener(type, this.onActivity, { capture: true });
        }
        clearTimeout(this.timer);
        this.timer = null;
    }
}

/** Starts reporting activity to `url` (POST) at most every `intervalMs`; returns the reporter (call dispose()). */
export function start(dotnet, url, intervalMs) {
    return new ActivityReporter(dotnet, url, intervalMs);
}
