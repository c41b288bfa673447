//! `json`: arbitrary bytes as the JSON body of the three API endpoints that take one
//! (`/doelgroepregistraties/_zoek`, `/werknemersoverzichten`, `/werkgeversvoordelen/_zoek`),
//! through the server's whole router with a valid token (`dgr_fuzz::api`). The first byte picks
//! endpoint, role and whether a content type is sent. No answer may be a server error, and no
//! refusal may carry a BSN-like digit string from the input.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&keuze, body)) = data.split_first() else {
        return;
    };
    let (status, antwoord) = dgr_fuzz::api::API.vraag(keuze, body);
    dgr_fuzz::api::controleer_antwoord(body, status, &antwoord);
});
