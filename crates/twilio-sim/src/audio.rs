//! Recording media: a small, valid audio file of silence in each format Twilio serves.
//!
//! - WAV (`audio/x-wav`): RIFF/WAVE, PCM, 8 kHz, 16-bit, mono, one second of silence
//!   (16,044 bytes).
//! - MP3 (`audio/mpeg`): 28 MPEG-1 Layer III frames (32 kbit/s, 32 kHz, mono, no CRC), each
//!   a 4-byte header, 17 bytes of zero side information and zero main data, so that every
//!   granule decodes to silence: about one second (28 × 1152 samples).

/// One second of 8 kHz 16-bit mono silence as a WAV file.
#[must_use]
pub fn silent_wav() -> Vec<u8> {
    const SAMPLE_RATE: u32 = 8_000;
    const BITS: u16 = 16;
    const CHANNELS: u16 = 1;
    let block_align = CHANNELS * BITS / 8;
    let data_len = SAMPLE_RATE * u32::from(block_align);
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVE");
    wav.extend_from_slice(b"fmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&CHANNELS.to_le_bytes());
    wav.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    wav.extend_from_slice(&(SAMPLE_RATE * u32::from(block_align)).to_le_bytes());
    wav.extend_from_slice(&block_align.to_le_bytes());
    wav.extend_from_slice(&BITS.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    wav.resize(wav.len() + data_len as usize, 0);
    wav
}

/// The size of one frame: 144 × bitrate / sample rate (no padding).
pub const MP3_FRAME_LEN: usize = 144;

/// How many frames [`silent_mp3`] holds.
pub const MP3_FRAMES: usize = 28;

/// About one second of silence as MPEG-1 Layer III frames.
#[must_use]
pub fn silent_mp3() -> Vec<u8> {
    // 0xFFFB: sync, MPEG-1, Layer III, no CRC. 0x18: 32 kbit/s (index 1), 32 kHz (index 2),
    // no padding. 0xC4: mono, original.
    const HEADER: [u8; 4] = [0xFF, 0xFB, 0x18, 0xC4];
    let mut mp3 = Vec::with_capacity(MP3_FRAME_LEN * MP3_FRAMES);
    for _ in 0..MP3_FRAMES {
        mp3.extend_from_slice(&HEADER);
        mp3.resize(mp3.len() + MP3_FRAME_LEN - HEADER.len(), 0);
    }
    mp3
}

#[cfg(test)]
mod tests {
    use super::{MP3_FRAME_LEN, MP3_FRAMES, silent_mp3, silent_wav};

    #[test]
    fn the_wav_header_describes_one_second_of_8khz_mono_pcm() {
        let wav = silent_wav();
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(&wav[8..16], b"WAVEfmt ");
        assert_eq!(
            u32::from_le_bytes([wav[24], wav[25], wav[26], wav[27]]),
            8_000
        );
        assert_eq!(
            u32::from_le_bytes([wav[40], wav[41], wav[42], wav[43]]),
            16_000
        );
        assert_eq!(wav.len(), 44 + 16_000);
        assert_eq!(
            u32::from_le_bytes([wav[4], wav[5], wav[6], wav[7]]) as usize,
            wav.len() - 8
        );
    }

    #[test]
    fn the_mp3_is_a_run_of_well_formed_frames() {
        let mp3 = silent_mp3();
        assert_eq!(mp3.len(), MP3_FRAME_LEN * MP3_FRAMES);
        for frame in mp3.chunks(MP3_FRAME_LEN) {
            assert_eq!(frame[0], 0xFF);
            assert_eq!(frame[1] & 0xE0, 0xE0, "frame sync");
            assert_eq!((frame[1] >> 3) & 0b11, 0b11, "MPEG-1");
            assert_eq!((frame[1] >> 1) & 0b11, 0b01, "Layer III");
            // 144 * 32000 / 32000 = 144 bytes per frame.
            assert_eq!(frame[2] >> 4, 1, "32 kbit/s");
            assert_eq!((frame[2] >> 2) & 0b11, 2, "32 kHz");
        }
    }
}
