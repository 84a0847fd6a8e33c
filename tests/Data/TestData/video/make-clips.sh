#!/bin/sh
# Makes the tiny video test clips of this folder with Debian 12's ffmpeg (7:5.1): run it here, then commit the output.
# Every clip is 2 s at 10 frames/s, 32x24, and its brightness rises with time (luma = 100 * t, t in seconds), so a
# test can tell which moment of the clip a sampled frame comes from.
#   ramp/train/rising/h264.mp4    H.264 (libx264, yuv420p) in MP4
#   ramp/train/rising/mpeg4.avi   MPEG-4 part 2 in AVI
#   ramp/train/falling/*          the same with brightness falling (luma = 200 - 100 * t), VP9 in WebM and MPEG-4
#   ramp/train/falling/frames/    a folder of 10 PNG frames (the falling clip, one per 0.2 s)
#   ramp/test/rising/h264.mp4, ramp/test/falling/vp9.webm
set -e
rise="color=c=black:s=32x24:r=10:d=2,format=gray,geq=lum='100*T'"
fall="color=c=black:s=32x24:r=10:d=2,format=gray,geq=lum='200-100*T'"
make() { mkdir -p "$(dirname "$2")"; ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$1" $3 "$2"; }
make "$rise" ramp/train/rising/h264.mp4 "-c:v libx264 -pix_fmt yuv420p"
make "$rise" ramp/train/rising/mpeg4.avi "-c:v mpeg4 -q:v 2"
make "$fall" ramp/train/falling/vp9.webm "-c:v libvpx-vp9 -pix_fmt yuv420p"
make "$fall" ramp/train/falling/mpeg4.avi "-c:v mpeg4 -q:v 2"
mkdir -p ramp/train/falling/frames
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$fall" -vf fps=5 ramp/train/falling/frames/%03d.png
make "$rise" ramp/test/rising/h264.mp4 "-c:v libx264 -pix_fmt yuv420p"
make "$fall" ramp/test/falling/vp9.webm "-c:v libvpx-vp9 -pix_fmt yuv420p"
