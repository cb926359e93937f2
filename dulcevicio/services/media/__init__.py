"""What the site does with uploaded media: images validated and normalised (`images`),
uploads through the server stored and attached to their rows (`uploads`), lesson videos
uploaded by the browser straight to Cloudinary (`videos`)."""
