const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

// Medusa's starters do this: entity metadata from one test file must not leak into the next.
MetadataStorage.clear()
