// The Upload page's drop zone: files dropped on it (or chosen with its file input) are posted to /api/uploads as one
// multipart/form-data request, with upload progress reported to the page. The antiforgery token and the destination
// are read from the zone's data attributes when sending, so they follow the page's state.

const zones = new WeakMap();

export function attach(zone, input, page) {
    const onDragOver = e => {
        e.preventDefault();
        zone.classList.add('upload-zone-over');
    };
    const onDragLeave = () => zone.classList.remove('upload-zone-over');
    const onDrop = e => {
        e.preventDefault();
        zone.classList.remove('upload-zone-over');
        if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length > 0) {
            send(zone, Array.from(e.dataTransfer.files), page);
        }
    };
    const onChange = () => {
        if (input.files && input.files.length > 0) {
            send(zone, Array.from(input.files), page);
            input.value = '';
        }
    };
    zone.addEventListener('dragover', onDragOver);
    zone.addEventListener('dragleave', onDragLeave);
    zone.addEventListener('drop', onDrop);
    input.addEventListener('change', onChange);
    zones.set(zone, () => {
        zone.removeEventListener('dragover', onDragOver);
        zone.removeEventListener('dragleave', onDragLeave);
        zone.removeEventListener('drop', onDrop);
        input.removeEventListener('change', onChange);
    });
}

export function detach(zone) {
    const off = zones.get(zone);
    if (off) {
        off();
        zones.delete(zone);
    }
}

function send(zone, files, page) {
    if (zone.dataset.busy === 'true') {
        return;
    }
    const maxTotal = Number(zone.dataset.maxTotalBytes || '0');
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (maxTotal > 0 && total > maxTotal) {
        page.invokeMethodAsync('OnUploadFinished', 413, JSON.stringify({
            title: 'Upload too large',
            detail: `These files hold ${total} bytes, more than the limit of ${maxTotal} bytes; send them in several uploads.`,
        }));
        return;
    }
    const body = new FormData();
    for (const file of files) {
        body.append('files', file, file.name);
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/uploads?destination=${encodeURIComponent(zone.dataset.destination || '')}`);
    xhr.setRequestHeader('RequestVerificationToken', zone.dataset.token || '');
    let last = 0;
    xhr.upload.onprogress = e => {
        const now = Date.now();
        if (e.lengthComputable && (now - last > 200 || e.loaded === e.total)) {
            last = now;
            page.invokeMethodAsync('OnUploadProgress', e.loaded, e.total);
        }
    };
    xhr.onload = () => {
        zone.dataset.busy = 'false';
        page.invokeMethodAsync('OnUploadFinished', xhr.status, xhr.responseText || '');
    };
    xhr.onerror = () => {
        zone.dataset.busy = 'false';
        page.invokeMethodAsync('OnUploadFinished', 0, '');
    };
    zone.dataset.busy = 'true';
    page.invokeMethodAsync('OnUploadStarted', files.length, total);
    xhr.send(body);
}
